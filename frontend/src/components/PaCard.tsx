// The young person's PA as their profile shows them: their photo (or their initial in a
// circle) and, when they added a work phone, "Call Alex". The photo's box has its size from
// the start, so nothing moves when it arrives.
import { useState } from 'preact/hooks';
import { paths } from '../core/api';
import { lockFlag } from '../core/db';
import { t } from '../core/i18n';
import type { SignedInPerson } from '../core/session';
import { telHref } from './ContactList';

/** The PA as a young person sees them, or null when the phone does not know their PA. */
export interface Pa {
  name: string;
  phone: string | null;
  photo: string | null;
}

export function paOf(person: SignedInPerson | null | undefined): Pa | null {
  if (person?.kind !== 'young_person' || !person.pa_first_name) return null;
  // `?? null`: a person remembered on the phone before these were sent has neither.
  return { name: person.pa_first_name, phone: person.pa_work_phone ?? null, photo: person.pa_photo_version ?? null };
}

/** Their photo, or their initial in a circle when there is none (or it cannot load offline).
 * Their name is always written beside it, so it is decoration (empty alt). */
export function PaPhoto({ pa, size }: { pa: Pa; size: 48 | 96 }) {
  const [failed, setFailed] = useState(false);
  if (!pa.photo || failed) {
    return (
      <span class={`pa-photo pa-photo--initial pa-photo--${size}`} aria-hidden="true">
        {pa.name.charAt(0).toUpperCase()}
      </span>
    );
  }
  return (
    <img
      class={`pa-photo pa-photo--${size}`}
      src={paths.myPaPhoto(pa.photo, lockFlag() !== null)}
      width={size}
      height={size}
      alt=""
      onError={() => setFailed(true)}
    />
  );
}

/** "Call Alex" as a tel: link, when the PA added a work phone. */
export function CallPa({ pa, class: className = 'tap-link' }: { pa: Pa; class?: string }) {
  return pa.phone ? (
    <a href={telHref(pa.phone)} class={className} data-testid="call-pa">
      {t('pa.call', { name: pa.name })}
    </a>
  ) : null;
}

/** Home's small "Your PA" card. */
export function PaCard({ pa }: { pa: Pa }) {
  return (
    <section class="card pa-card" aria-labelledby="pa-card-heading" data-testid="pa-card">
      <PaPhoto pa={pa} size={96} />
      <div>
        <h2 id="pa-card-heading" class="card__title">
          {t('pa.heading')}
        </h2>
        <p class="card__summary">{t('pa.name', { name: pa.name })}</p>
        {pa.phone && (
          <>
            <CallPa pa={pa} class="button button--secondary pa-card__call" />
            <p class="hint">{t('pa.officeHours')}</p>
          </>
        )}
      </div>
    </section>
  );
}
