// "/c/:slug/reminders", "/c/:slug/inbox" and "/c/:slug/inbox/:id" for the signed-in young
// person (the pages themselves are shared with staff: components/ReminderSettings, Inbox).
import { InboxOpen, InboxPage } from '../components/Inbox';
import { PrivacyNote } from '../components/PrivacyNote';
import { ReminderSettingsPage } from '../components/ReminderSettings';
import { YoungPersonOnly } from '../components/YoungPersonOnly';
import { t } from '../core/i18n';

const home = (slug: string) => `/c/${encodeURIComponent(slug)}`;

export function RemindersView({ slug }: { slug: string }) {
  return (
    <YoungPersonOnly slug={slug} title={t('reminders.signIn')}>
      {() => (
        <ReminderSettingsPage
          voice="reminders"
          inboxHref={`${home(slug)}/inbox`}
          privacy={<PrivacyNote slug={slug} text={t('privacy.note.reminders')} />}
        />
      )}
    </YoungPersonOnly>
  );
}

export function InboxView({ slug, id }: { slug: string; id?: string }) {
  const props = { voice: 'reminders', base: `${home(slug)}/inbox`, settingsHref: `${home(slug)}/reminders` } as const;
  return (
    <YoungPersonOnly slug={slug} title={t('reminders.signIn')}>
      {() => (id === undefined ? <InboxPage {...props} /> : <InboxOpen {...props} id={id} />)}
    </YoungPersonOnly>
  );
}
