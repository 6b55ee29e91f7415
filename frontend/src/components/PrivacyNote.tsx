// Privacy at the point of use (issue 14, trust.md CC-05 and CC-06): where a young person gives
// Harbour something, a line on who sees it and how long it is kept, and the way to the whole
// story on their privacy page. The words follow the access rules in backend/harbour/access.
import { t } from '../core/i18n';

export function PrivacyNote({ slug, text }: { slug: string; text: string }) {
  return (
    <p class="privacy-note" data-testid="privacy-note">
      {text}{' '}
      <a href={`/c/${encodeURIComponent(slug)}/privacy`}>{t('privacy.link')}</a>
    </p>
  );
}
