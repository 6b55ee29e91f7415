// After "No" to a promise about keeping them safe: the answer stays anonymous, so offer the
// two things a young person may want next, telling their PA themselves or getting help now.
import type { PromiseOut } from '../../api/types';
import { askHref, SAID_NO, signInHref } from '../../components/AskLink';
import { t } from '../../core/i18n';
import { navigate } from '../../core/router';

export function SafetyOffer({ council, promise, canAsk }: { council: string; promise: PromiseOut; canAsk: boolean }) {
  const about = { kind: 'promise', id: promise.id, title: promise.text } as const;
  const tellPa = (event: Event) => {
    event.preventDefault();
    navigate(askHref(council, about), { state: SAID_NO });
  };
  return (
    <div class="inset inset--warning safety-offer" data-testid={`safety-offer-${promise.id}`}>
      <p class="safety-offer__lead">{t('pledge.safety.lead')}</p>
      <p>{t('pledge.safety.anonymous')}</p>
      <ul class="safety-offer__actions">
        <li>
          <a href={canAsk ? askHref(council, about) : signInHref(council)} onClick={canAsk ? tellPa : undefined} class="tap-link">
            {t(canAsk ? 'pledge.safety.tellPa' : 'pledge.safety.signInToTell')}
          </a>
        </li>
        <li>
          <a href={`/c/${encodeURIComponent(council)}/views/help`} class="tap-link">
            {t('pledge.safety.helpNow')}
          </a>
        </li>
      </ul>
    </div>
  );
}
