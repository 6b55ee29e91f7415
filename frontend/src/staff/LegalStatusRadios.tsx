// The young person's legal status, asked the same way when staff add them and when staff
// change their record.
import type { ComponentChildren } from 'preact';
import { Radios } from '../components/form';
import { statusLabel } from '../lib/eligibility-text';
import { LEGAL_STATUSES, type LegalStatus } from '../lib/types';
import { t } from './i18n';

interface Props {
  id: string;
  error: string | undefined;
  value: string;
  onChange: (status: LegalStatus) => void;
  /** Shown above the choices (a warning that it needs checking). */
  children?: ComponentChildren;
}

export function LegalStatusRadios({ id, error, value, onChange, children }: Props) {
  return (
    <Radios id={id} legend={t('staff.add.status')} error={error} options={LEGAL_STATUSES} label={statusLabel} value={value} onChange={onChange}>
      {children}
    </Radios>
  );
}
