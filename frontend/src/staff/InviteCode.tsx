// A code just made for a young person, shown once: large, spelled out for screen readers,
// with Copy and a QR code drawn here in the browser (the code never leaves the page).
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDateTime } from '../lib/format';
import { t } from './i18n';
import { QrCode } from './QrCode';
import type { InviteOut } from '../api/types';

/** "ABCD-2345" → "A B C D 2 3 4 5", which a screen reader reads one character at a time. */
function spelled(code: string): string {
  return [...code.replace('-', '')].join(' ');
}

/** Whether the browser put `text` on the clipboard (it cannot on an insecure page, or when
 * the person or a policy refuses). */
async function copied(text: string): Promise<boolean> {
  if (!navigator.clipboard) return false;
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function InviteCode({ invite }: { invite: InviteOut }) {
  const [copyResult, setCopyResult] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const copy = async () => {
    setCopyResult('');
    setCopyResult(t((await copied(invite.code)) ? 'staff.person.copied' : 'staff.person.copyFailed'));
  };

  return (
    <section class="invite" aria-labelledby="invite-heading">
      <h2 id="invite-heading" tabIndex={-1} ref={headingRef}>
        {t('staff.person.inviteHeading')}
      </h2>
      <p class="invite__code" aria-hidden="true" data-testid="invite-code">
        {invite.code}
      </p>
      <p class="visually-hidden">{t('staff.person.inviteSpoken', { spelled: spelled(invite.code) })}</p>
      <p>{t('staff.person.inviteHelp', { date: formatDateTime(invite.expires_at) })}</p>
      <button type="button" class="button button--secondary" onClick={() => void copy()}>
        {t('staff.person.copy')}
      </button>
      <p role="status" data-testid="copy-result">
        {copyResult}
      </p>
      <QrCode id="invite-qr" text={invite.code} label={t('staff.person.qrLabel')} />
      <p class="hint">{t('staff.person.qrHelp')}</p>
    </section>
  );
}
