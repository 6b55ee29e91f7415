// A council's phone numbers, with the out-of-hours one marked in words, not only colour.
import type { Contact } from '../api/types';
import { t } from '../core/i18n';

/** "01632 960 100" → "tel:01632960100". */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^0-9+]/g, '')}`;
}

/** `compact`: plain lines for the footer; otherwise one card per contact. */
export function ContactList({ contacts, compact = false }: { contacts: Contact[]; compact?: boolean }) {
  return (
    <ul class={compact ? 'contacts contacts--compact' : 'contacts'}>
      {contacts.map((contact) => (
        <li key={contact.phone + contact.label} class="contact">
          <p class="contact__label">
            {contact.label}
            {contact.out_of_hours && <strong class="tag">{t('footer.outOfHours')}</strong>}
          </p>
          <p class="contact__phone">
            <a
              href={telHref(contact.phone)}
              aria-label={t('contact.call', { label: contact.label, phone: contact.phone })}
            >
              {contact.phone}
            </a>
          </p>
          <p class="contact__hours">{contact.hours}</p>
        </li>
      ))}
    </ul>
  );
}
