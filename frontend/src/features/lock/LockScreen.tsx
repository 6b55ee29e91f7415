// What the app shows instead of any page while it is locked (decision 020): no title, tab
// bar, count or name, only the lock code, the way out when it is forgotten, and the numbers
// to call for help now (nothing personal, and no code needed to call).
import { FEW_LEFT, refusal } from './words';
import { WhatGoes, type Lost } from './WhatGoes';
import { Problem } from '../../components/Problem';
import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ErrorSummary, Form, PasswordInput } from '../../components/form';
import { HelpNumbers } from '../../components/HelpNumbers';
import { QuickExit } from '../../components/QuickExit';
import { t } from '../../core/i18n';
import { navigate } from '../../core/router';
import { useForm } from '../../lib/form-errors';
import { checkLockKept, forgetLock, lostWithTheLock, MOST_WRONG_CODES, triesNow, unlock } from './lock';
import { PhoneUnlock } from './PhoneUnlock';

const TARGETS = { code: 'lock-code' };

interface SignInAgainProps {
  headingRef: RefObject<HTMLHeadingElement>;
  /** The code stopped working (too many wrong codes): no way back to it. */
  tooMany: boolean;
  onCancel: () => void;
}

/** "Forgot your lock code?" and "Too many wrong codes": says what signing in again deletes for
 * good before it does (as "Delete everything on this phone" does). It needs the internet: the
 * session must end on the server too. */
function SignInAgain({ headingRef, tooMany, onCancel }: SignInAgainProps) {
  const [lost, setLost] = useState<Lost | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  useEffect(() => void lostWithTheLock().then(setLost, () => setLost({ own: 0, others: 0, unsent: 0 })), []);
  const confirm = async () => {
    setBusy(true);
    setProblem('');
    try {
      const council = await forgetLock();
      navigate(council ? `/c/${encodeURIComponent(council)}/sign-in` : '/', { replace: true });
    } catch {
      setBusy(false);
      setProblem(t('lock.forgot.offline'));
    }
  };
  return (
    <>
      <h1 ref={headingRef} tabIndex={-1}>
        {t(tooMany ? 'lock.tooMany.heading' : 'lock.forgot.heading')}
      </h1>
      <Problem text={problem} />
      <p>{t(tooMany ? 'lock.tooMany.text' : 'lock.forgot.text')}</p>
      {lost && <WhatGoes lost={lost} />}
      <div class="button-group">
        <button type="button" class="button button--warning" disabled={busy || !lost} onClick={() => void confirm()}>
          {t('lock.forgot.confirm')}
        </button>
        {!tooMany && (
          <button type="button" class="button button--secondary" onClick={onCancel}>
            {t('lock.forgot.cancel')}
          </button>
        )}
      </div>
    </>
  );
}

export function LockScreen() {
  const form = useForm(TARGETS, { code: '' });
  // Counted from when the wait ends, so a phone asleep meanwhile shows the right time.
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(Date.now);
  const wait = Math.max(0, Math.ceil((until - now) / 1000));
  const waitFor = (seconds: number) => {
    setNow(Date.now());
    setUntil(Date.now() + seconds * 1000);
  };
  // Wrong codes left: a warning once few are, and 0 once the code stopped working.
  const [left, setLeft] = useState(MOST_WRONG_CODES);
  const [busy, setBusy] = useState(false);
  const [forgetting, setForgetting] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  // Before the first paint: no page's title may show while locked.
  useLayoutEffect(() => {
    document.title = t('app.name');
  }, []);
  useEffect(() => {
    void checkLockKept();
    void triesNow().then((tries) => {
      waitFor(tries.wait);
      setLeft(tries.left);
    });
  }, []);
  useEffect(() => heading.current?.focus(), [forgetting, left === 0]);
  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setNow(Date.now()), 1000);
    return () => clearTimeout(timer);
  }, [wait, now]);

  const submit = async () => {
    const code = form.values.code;
    if (!/^\d{4,8}$/.test(code)) return form.fail({ code: t('lock.error.code') });
    if (busy || wait > 0) return;
    setBusy(true);
    try {
      const result = await unlock(code);
      if (result.ok) return;
      setLeft(result.left);
      form.reset();
      waitFor(result.wait);
      form.fail({ code: refusal(result) });
    } catch {
      form.fail({}, t('lock.error.failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <header class="site-header">
        <div class="site-header__bar">
          <div class="width">
            <QuickExit />
            <span class="site-header__name">{t('app.name')}</span>
          </div>
        </div>
      </header>
      <main id="main" class="width main" data-testid="lock-screen">
        {forgetting || left <= 0 ? (
          <SignInAgain headingRef={heading} tooMany={left <= 0} onCancel={() => setForgetting(false)} />
        ) : (
          <>
            <h1 ref={heading} tabIndex={-1}>
              {t('lock.screen.heading')}
            </h1>
            {form.summary('lock-code').length > 0 && <ErrorSummary attempt={form.attempt} errors={form.summary('lock-code')} />}
            <PhoneUnlock />
            <Form onSubmit={submit}>
              <PasswordInput {...form.field('code')} label={t('lock.screen.label')} inputMode="numeric" width="short" />
              {/* Not a live region: the error already said the wait; a count read out every second would drown everything else. */}
              <p data-testid="lock-wait">
                {wait > 0 ? t('lock.screen.waiting', { count: wait }) : ''}
              </p>
              {left <= FEW_LEFT && !form.errors.code && (
                <p class="inset inset--warning" data-testid="lock-left">
                  {t('lock.screen.left', { count: left })}
                </p>
              )}
              <button type="submit" class="button" disabled={busy || wait > 0}>
                {t('lock.screen.unlock')}
              </button>
            </Form>
            <p>
              <button type="button" class="link-button" onClick={() => setForgetting(true)}>
                {t('lock.screen.forgot')}
              </button>
            </p>
          </>
        )}
        <h2>{t('lock.danger')}</h2>
        <HelpNumbers />
      </main>
    </>
  );
}
