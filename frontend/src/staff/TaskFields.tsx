// A task's fields, shared by "Add a task" and "Change this task". The server's refusals
// (`body.title` when adding, `body.set.title` when changing) land on the field they name.
import { useEffect, useState } from 'preact/hooks';
import type { OfferItemOut, OfferOut } from '../api/types';
import { Select, TextArea, TextInput } from '../components/form';
import { ApiError, load, paths } from '../core/api';
import { fieldsWithErrors, generalError, type FieldMessages } from '../lib/form-errors';
import { t } from './i18n';
import { taskFormProblems, type TaskForm } from './plan';
import { DOMAINS, TASK_OWNERS, TASK_STATUSES } from '../lib/plan-vocabulary';

export const TASK_FIELDS = ['title', 'description', 'domain', 'owner', 'owner_name', 'due_on', 'status', 'offer_item_id'] as const;
export type TaskField = (typeof TASK_FIELDS)[number];

/** The ids of a form's fields (where the error summary sends focus). */
export function taskTargets(prefix: string): Record<TaskField, string> {
  return Object.fromEntries(TASK_FIELDS.map((field) => [field, `${prefix}-${field}`])) as Record<TaskField, string>;
}

function fieldMessages(fields: readonly TaskField[]): FieldMessages<TaskField> {
  return Object.fromEntries(fields.map((field) => [field, t(`staff.plan.error.${field}`)]));
}

/** What is wrong before sending, or nothing. */
export function localProblems(form: TaskForm): FieldMessages<TaskField> {
  return fieldMessages(taskFormProblems(form));
}

/** The server's refusal against our fields (`prefix` is `body.` or `body.set.`), or, when no
 * field explains it, a general problem. */
export function serverProblems(error: unknown, prefix: string): { fields: FieldMessages<TaskField>; problem: string } {
  const server = Object.fromEntries(TASK_FIELDS.map((field) => [field, `${prefix}${field}`])) as Record<TaskField, string>;
  const named = error instanceof ApiError ? fieldsWithErrors(error.fields, server) : [];
  return named.length > 0 ? { fields: fieldMessages(named), problem: '' } : { fields: {}, problem: generalError(error) };
}

/** The council's published offer, to link a task to one of its items. */
function useOfferItems(council: string): OfferItemOut[] {
  const [items, setItems] = useState<OfferItemOut[]>([]);
  useEffect(() => {
    load<OfferOut>(paths.offer(council)).then((offer) => setItems(offer.items), () => setItems([]));
  }, [council]);
  return items;
}

interface Props {
  prefix: string;
  form: TaskForm;
  onChange: (form: TaskForm) => void;
  errors: FieldMessages<TaskField>;
  council: string;
  /** A new task starts as "to do"; its status is changed afterwards. */
  withStatus: boolean;
}

export function TaskFields({ prefix, form, onChange, errors, council, withStatus }: Props) {
  const ids = taskTargets(prefix);
  const offerItems = useOfferItems(council);
  const set = (field: TaskField) => (value: string) => onChange({ ...form, [field]: value });
  // An offer item the task points at may have gone since: it stays chosen, and says so.
  const gone = form.offer_item_id && !offerItems.some((item) => item.id === form.offer_item_id);
  const offers = offerItems.map((item): [string, string] => [item.id, item.title]);
  if (gone) offers.push([form.offer_item_id, t('staff.plan.field.offerGone')]);
  return (
    <>
      <TextInput id={ids.title} label={t('staff.plan.field.titleLabel')} hint={t('staff.plan.field.titleHint')} error={errors.title} value={form.title} onInput={set('title')} autoComplete="off" />
      <TextArea id={ids.description} label={t('staff.plan.field.descriptionLabel')} hint={t('staff.plan.field.descriptionHint')} error={errors.description} value={form.description} onInput={set('description')} rows={4} />
      <Select id={ids.domain} label={t('staff.plan.field.domainLabel')} error={errors.domain} value={form.domain} onChange={set('domain')} placeholder={t('staff.plan.field.domainChoose')} options={DOMAINS.map((domain) => [domain, t(`staff.plan.domain.${domain}`)])} />
      {withStatus && (
        <Select id={ids.status} label={t('staff.plan.field.statusLabel')} error={errors.status} value={form.status} onChange={set('status')} options={TASK_STATUSES.map((status) => [status, t(`staff.plan.status.${status}`)])} />
      )}
      <Select id={ids.owner} label={t('staff.plan.field.ownerLabel')} error={errors.owner} value={form.owner} onChange={set('owner')} options={TASK_OWNERS.map((owner) => [owner, t(`staff.plan.owner.${owner}`)])} />
      <TextInput id={ids.owner_name} label={t('staff.plan.field.ownerNameLabel')} hint={t('staff.plan.field.ownerNameHint')} error={errors.owner_name} value={form.owner_name} onInput={set('owner_name')} autoComplete="off" />
      <TextInput id={ids.due_on} label={t('staff.plan.field.dueLabel')} hint={t('staff.plan.field.dueHint')} error={errors.due_on} value={form.due_on} onInput={set('due_on')} type="date" width="medium" />
      <Select id={ids.offer_item_id} label={t('staff.plan.field.offerLabel')} hint={t('staff.plan.field.offerHint')} error={errors.offer_item_id} value={form.offer_item_id} onChange={set('offer_item_id')} placeholder={t('staff.plan.field.offerNone')} options={offers} />
    </>
  );
}
