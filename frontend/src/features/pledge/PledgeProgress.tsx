// "5 of 28 answered": how far through the promises this phone is, as words and a bar (the
// bar only repeats the words, so screen readers skip it).
import { t } from '../../core/i18n';

export function PledgeProgress({ answered, total }: { answered: number; total: number }) {
  return (
    <div class="pledge-progress">
      <p class="pledge-progress__text" data-testid="pledge-progress">
        {t('pledge.progress', { answered, total })}
      </p>
      <progress class="pledge-progress__bar" max={total} value={answered} aria-hidden="true" />
    </div>
  );
}
