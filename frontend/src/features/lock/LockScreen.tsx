// What the app shows instead of any page while it is locked (decision 020): no title, tab
// bar, count or name, only the lock code, the way out when it is forgotten, and the numbers
// to call for help now (nothing personal, and no code needed to call).
import './words';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ErrorSummary, Form, PasswordInput } from '../../components/form';
import { HelpNumbers } from '../../components/HelpNumbers';
import { QuickExit } from '../../components/QuickExit';
import { t } from '../../core/i18n';
import { navigate } from '../../core/router';
import { useForm } from '../../lib/form-errors';
import { checkLockKept, forgetLock, secondsToWait, unlock } from './lock';
import { PhoneUnlock } from './PhoneUnlock';

const TARGETS = { code: 'lock-code' };

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
  const [busy, setBusy] = useState(false);
  const [forgetting, setForgetting] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  // Before the first paint: no page's title may show while locked.
  useLayoutEffect(() => {
    document.title = t('app.name');
  }, []);
  useEffect(() => {
    void checkLockKept();
    void secondsToWait().then(waitFor);
  }, []);
  useEffect(() => heading.current?.focus(), [forgetting]);
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
    const result = await unlock(code);
    setBusy(false);
    if (result.ok) return;
    form.reset();
    waitFor(result.wait);
    form.fail({ code: result.wait > 0 ? t('lock.screen.wait', { count: result.wait }) : t('lock.screen.wrong') });
  };

  const forget = async () => {
    setBusy(true);
    const council = await forgetLock();
    navigate(council ? `/c/${encodeURIComponent(council)}/sign-in` : '/', { replace: true });
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
        {forgetting ? (
          <>
            <h1 ref={heading} tabIndex={-1}>
              {t('lock.forgot.heading')}
            </h1>
            <p>{t('lock.forgot.text')}</p>
            <div class="button-group">
              <button type="button" class="button button--warning" disabled={busy} onClick={() => void forget()}>
                {t('lock.forgot.confirm')}
              </button>
              <button type="button" class="button button--secondary" onClick={() => setForgetting(false)}>
                {t('lock.forgot.cancel')}
              </button>
            </div>
          </>
        ) : (
          <>
            <h1 ref={heading} tabIndex={-1}>
              {t('lock.screen.heading')}
            </h1>
            {form.summary('lock-code').length > 0 && <ErrorSummary attempt={form.attempt} errors={form.summary('lock-code')} />}
            <PhoneUnlock />
            <Form onSubmit={submit}>
              <PasswordInput {...form.field('code')} label={t('lock.screen.label')} inputMode="numeric" width="short" />
              <p role="status" data-testid="lock-wait">
                {wait > 0 ? t('lock.screen.waiting', { count: wait }) : ''}
              </p>
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
