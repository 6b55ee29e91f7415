// Links to each area's heading on the offer page, so nobody has to scroll past the rest.
import { t } from '../core/i18n';
import type { Area } from '../lib/types';

export function AreaLinks({ areas }: { areas: readonly Area[] }) {
  return (
    <nav class="jump-links" aria-labelledby="jump-links-title">
      <h2 id="jump-links-title" class="jump-links__title">
        {t('offer.jumpTo')}
      </h2>
      <ul class="jump-links__list">
        {areas.map((area) => (
          <li key={area}>
            <a href={`#area-${area}`} class="tap-link">
              {t(`area.${area}`)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
