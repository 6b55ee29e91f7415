// An empty passport: one clear first step ("Add your doctor": only the doctor, at
// /health/edit/doctor) and a few short next ones, instead of every field saying "Not added
// yet". Once the doctor is saved, the same next steps are offered again.
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
        <a href={`${base}/health/edit/doctor`} class="button">
          {t('passport.start.doctor')}
        </a>
      </p>
      <p>{t('passport.start.later')}</p>
      <NextSteps base={base} />
    </section>
  );
}

export function NextSteps({ base }: { base: string }) {
  return (
    <ul class="list" data-testid="passport-next">
      {NEXT_STEPS.map((section) => (
        <li key={section}>
          <a href={`${base}/health/edit/${section}`} class="tap-link">
            {t(`passport.start.${section}`)}
          </a>
        </li>
      ))}
    </ul>
  );
}
