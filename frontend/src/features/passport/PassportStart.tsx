// An empty passport: one clear first step ("Add your doctor") and a few short next ones,
// instead of every field saying "Not added yet".
import type { PassportOut } from '../../api/types';
import { t } from '../../core/i18n';
import { SECTIONS, type Section } from './passport';

/** Nothing in any section yet (sharing and history do not count). */
export function passportIsEmpty(passport: PassportOut): boolean {
  return Object.values(SECTIONS).every((fields) => fields.every((field) => !passport[field]));
}

/** After the doctor, in the order a young person is most likely to need them. */
const NEXT_STEPS = ['nhs', 'dates', 'notes'] as const satisfies readonly Section[];

export function PassportStart({ base }: { base: string }) {
  return (
    <section aria-labelledby="start-heading" class="passport-start" data-testid="passport-start">
      <h2 id="start-heading">{t('passport.start.heading')}</h2>
      <p>{t('passport.start.text')}</p>
      <p>
        <a href={`${base}/health/edit/contacts`} class="button">
          {t('passport.start.doctor')}
        </a>
      </p>
      <p>{t('passport.start.later')}</p>
      <ul class="list">
        {NEXT_STEPS.map((section) => (
          <li key={section}>
            <a href={`${base}/health/edit/${section}`} class="tap-link">
              {t(`passport.start.${section}`)}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
