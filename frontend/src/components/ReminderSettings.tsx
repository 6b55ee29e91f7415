// The reminders page, for young people ("/c/:slug/reminders") and staff ("/staff/reminders"):
// what to be reminded about, quiet hours, and reminders on this phone: turned on only when the
// person taps "Turn on reminders" (the browser's question comes then, never on load), on an
// iPhone first added to the Home Screen, and turned off here. `voice` picks the words.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ReminderSettingsOut } from '../api/types';
import { ApiError, send } from '../core/api';
import { fieldsWithErrors, generalError, useFormErrors } from '../lib/form-errors';
import { t, type MessageKey } from '../core/i18n';
import {
  quietProblems,
  readPhoneState,
  reminderPaths,
  turnOff,
  turnOn,
  type PhoneState,
  type QuietField,
} from '../lib/reminders';
import { Choice, ErrorSummary, Fieldset, Form, TextInput } from './form';
import { Page } from './Page';

export type Voice = 'reminders' | 'staffReminders';

const TARGETS: Record<QuietField, string> = { quiet_start: 'quiet-start', quiet_end: 'quiet-end' };
const SERVER_FIELDS: Record<QuietField, string> = { quiet_start: 'body.quiet_start', quiet_end: 'body.quiet_end' };
/** Quiet hours' two times, with their labels' keys: from, then until. */
const QUIET_FIELDS: [QuietField, string][] = [
  ['quiet_start', 'quiet.start'],
  ['quiet_end', 'quiet.end'],
];

interface Props {
  voice: Voice;
  inboxHref: string;
  /** What is kept and for how long, under the lock-screen words (the young person's page). */
  privacy?: ComponentChildren;
}

export function ReminderSettingsPage({ voice, inboxHref, privacy }: Props) {
  const say = (key: string, params?: Record<string, string | number>) => t(`${voice}.${key}` as MessageKey, params);
  const [phone, setPhone] = useState<PhoneState | null>(null);
  const [settings, setSettings] = useState<ReminderSettingsOut | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(TARGETS);

  useEffect(() => {
    void readPhoneState().then(setPhone, () => setPhone('unsupported'));
    send<ReminderSettingsOut>('GET', reminderPaths.settings).then(setSettings, (error: unknown) =>
      form.fail({}, generalError(error)),
    );
  }, []);

  const save = async (andTurnOn: boolean) => {
    if (!settings) return;
    const problems = quietProblems(settings.quiet_start, settings.quiet_end);
    const found = Object.fromEntries(Object.entries(problems).map(([field, problem]) => [field, say(`error.${problem}.${field}`)]));
    if (Object.keys(found).length > 0) return form.fail(found);
    form.clear();
    setNotice('');
    setBusy(true);
    try {
      // The browser's question first, while it still counts as the tap's.
      const state = andTurnOn ? await turnOn() : phone;
      setPhone(state);
      await send('PUT', reminderPaths.settings, settings);
      setNotice(say(andTurnOn ? (state === 'on' ? 'notice.on' : 'notice.notOn') : 'notice.saved'));
    } catch (error) {
      const fields = error instanceof ApiError ? fieldsWithErrors(error.fields, SERVER_FIELDS) : [];
      if (fields.length > 0) form.fail(Object.fromEntries(fields.map((field) => [field, say(`error.format.${field}`)])));
      // Not the server's answer: the browser could not subscribe.
      else form.fail({}, error instanceof ApiError ? generalError(error) : say('error.turnOn'));
    } finally {
      setBusy(false);
    }
  };

  const off = async () => {
    setBusy(true);
    setNotice('');
    try {
      await turnOff();
      setPhone('off');
      setNotice(say('notice.off'));
    } catch (error) {
      form.fail({}, generalError(error));
    } finally {
      setBusy(false);
    }
  };

  const summary = form.summary('reminders-submit');
  return (
    <Page title={say('title')} busy={phone === null || (settings === null && !form.problem)}>
      {summary.length > 0 && <ErrorSummary errors={summary} attempt={form.attempt} />}
      <p class="lead">{say('intro')}</p>
      <p class="inset">{say('private')}</p>
      {privacy}
      <p role="status" data-testid="reminders-notice">
        {notice}
      </p>
      {settings && phone && (
        <Form onSubmit={() => save(phone === 'off')}>
          <section aria-labelledby="phone-heading" data-testid="reminders-phone" data-state={phone}>
            <h2 id="phone-heading">{say('phone.heading')}</h2>
            <PhoneText state={phone} say={say} />
          </section>
          <Fieldset id="kinds" legend={say('kinds.legend')} hint={say('kinds.hint')}>
            {Object.entries(settings.kinds).map(([kind, on]) => (
              <Choice
                key={kind}
                type="checkbox"
                id={`kind-${kind}`}
                name="kinds"
                value={kind}
                label={say(`kind.${kind}`)}
                checked={on}
                onChange={(checked) => setSettings({ ...settings, kinds: { ...settings.kinds, [kind]: checked } })}
              />
            ))}
          </Fieldset>
          <Fieldset id="quiet" legend={say('quiet.legend')} hint={say('quiet.hint')}>
            {QUIET_FIELDS.map(([field, label]) => (
              <TextInput
                key={field}
                id={TARGETS[field]}
                type="time"
                label={say(label)}
                error={form.errors[field]}
                value={settings[field]}
                onInput={(value) => setSettings({ ...settings, [field]: value })}
              />
            ))}
          </Fieldset>
          <div class="button-group">
            <button type="submit" id="reminders-submit" class="button" disabled={busy}>
              {say(phone === 'off' ? 'turnOn' : 'save')}
            </button>
            {phone === 'on' && (
              <button type="button" class="button button--secondary" disabled={busy} onClick={() => void off()}>
                {say('turnOff')}
              </button>
            )}
          </div>
        </Form>
      )}
      <p>
        <a class="tap-link" href={inboxHref}>
          {say('inboxLink')}
        </a>
      </p>
    </Page>
  );
}

function PhoneText({ state, say }: { state: PhoneState; say: (key: string) => string }) {
  if (state !== 'installFirst') return <p>{say(`phone.${state}`)}</p>;
  return (
    <div data-testid="install-first">
      <p>{say('phone.installFirst')}</p>
      <ol>
        <li>{say('install.step1')}</li>
        <li>{say('install.step2')}</li>
        <li>{say('install.step3')}</li>
        <li>{say('install.step4')}</li>
      </ol>
    </div>
  );
}
