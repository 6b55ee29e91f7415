// Who to call right now: the free national lines, open day and night, and the council's
// out-of-hours number when it is known. Nothing personal, so the lock screen shows them too.
import type { ComponentChildren } from 'preact';
import type { CouncilOut } from '../api/types';
import { t, type MessageKey } from '../core/i18n';
import { telHref } from './ContactList';

const NATIONAL: [label: MessageKey, href: string, shown: MessageKey][] = [
  ['views.help.emergency', 'tel:999', 'views.help.emergencyAction'],
  ['views.help.childline', 'tel:08001111', 'views.help.childlineAction'],
  ['views.help.samaritans', 'tel:116123', 'views.help.samaritansAction'],
  ['views.help.shout', 'sms:85258?body=SHOUT', 'views.help.shoutAction'],
];

interface Props {
  outOfHours?: CouncilOut['views']['out_of_hours'];
  /** More numbers after these (the PA's work phone on the help screen). */
  children?: ComponentChildren;
}

export function HelpNumbers({ outOfHours, children }: Props) {
  return (
    <ul class="help-numbers" data-testid="help-numbers">
      {NATIONAL.map(([label, href, action]) => (
        <li key={href} class="help-number">
          <p class="help-number__label">{t(label)}</p>
          <a href={href} class="button button--secondary help-number__link">
            {t(action)}
          </a>
        </li>
      ))}
      {outOfHours && (
        <li class="help-number">
          <p class="help-number__label">{t('views.help.outOfHours', { label: outOfHours.label })}</p>
          <a href={telHref(outOfHours.phone)} class="button button--secondary help-number__link">
            {t('views.help.call', { phone: outOfHours.phone })}
          </a>
        </li>
      )}
      {children}
    </ul>
  );
}
