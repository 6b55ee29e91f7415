// "/staff/young-people/:id/plan": a young person's pathway plan for their PA: the review
// date (changed through the field edit engine, so a change the PA had not seen stays in the
// history), and the tasks under each domain with status, who does it and when (overdue ones
// marked). Tasks are added and changed on their own pages. The plan prints as a clean list.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorSummary, TextInput } from '../components/form';
import { ApiError, send } from '../core/api';
import { formatDate } from '../lib/format';
import { fieldsWithErrors, generalError, useFormErrors } from '../lib/form-errors';
import type { SignedInPerson } from '../core/session';
import { NotFound } from '../components/NotFound';
import { t } from './i18n';
import { LoadingPage } from './LoadingPage';
import { PersonSubpage, useSavedNotice } from './PersonSubpage';
import { groupByDomain, planPages } from './plan';
import type { PlanEditIn, PlanEditResult, PlanOut, TaskOut } from '../api/types';
import { staffPaths } from './paths';
import { usePlan } from './usePlan';

/** "Due 5 December 2026", "Overdue: due 1 December 2026", or "No due date". */
export function DueDate({ task }: { task: Pick<TaskOut, 'due_on' | 'overdue'> }) {
  if (!task.due_on) return <span>{t('staff.plan.noDue')}</span>;
  const when = t('staff.plan.due', { date: formatDate(task.due_on) });
  return task.overdue ? (
    <span class="overdue">
      <strong class="tag tag--overdue">{t('staff.plan.overdue')}</strong> {when}
    </span>
  ) : (
    <span>{when}</span>
  );
}

export function PrintButton() {
  return (
    <button type="button" class="button button--secondary no-print" onClick={() => window.print()}>
      {t('staff.plan.print')}
    </button>
  );
}

export function PlanPage({ id }: { id: string; me: SignedInPerson }) {
  const { person, plan, missing, problem, reload } = usePlan(id);
  const [notice, saved] = useSavedNotice(reload);

  if (missing) return <NotFound />;
  if (!person || !plan) return <LoadingPage problem={problem} />;
  const name = person.preferred_name;
  const groups = groupByDomain(plan.tasks);
  return (
    <PersonSubpage title={t('staff.plan.title', { name })} id={id} name={name} notice={notice}>
      <div class="button-group no-print">
        <PrintButton />
        <a class="button button--secondary" href={planPages.export(id)}>
          {t('caseRecord.exportPlan')}
        </a>
      </div>
      <ReviewDate id={id} plan={plan} onSaved={saved(t('staff.plan.reviewSaved'))} />
      <section aria-labelledby="tasks-heading">
        <h2 id="tasks-heading">{t('staff.plan.tasksHeading')}</h2>
        <p class="no-print">
          <a class="button" href={planPages.add(id)}>
            {t('staff.plan.add')}
          </a>
        </p>
        {groups.length === 0 && <p>{t('staff.plan.noTasks', { name })}</p>}
        {groups.map(([domain, tasks]) => (
          <section key={domain} aria-labelledby={`domain-${domain}`} class="plan-domain">
            <h3 id={`domain-${domain}`}>{t(`staff.plan.domain.${domain}`)}</h3>
            <ul class="plan-tasks" data-testid={`tasks-${domain}`}>
              {tasks.map((task) => (
                <li key={task.id} class="plan-task" data-testid="plan-task">
                  <a class="plan-task__title" href={planPages.task(id, task.id)}>
                    {task.title}
                  </a>
                  <span class={`tag tag--status tag--${task.status}`}>{t(`staff.plan.status.${task.status}`)}</span>
                  <p class="plan-task__meta">
                    {t('staff.plan.who', { who: ownerText(task, name) })}
                    {' · '}
                    <DueDate task={task} />
                    {task.offer_item_title && ` · ${t('staff.plan.linked', { title: task.offer_item_title })}`}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </section>
    </PersonSubpage>
  );
}

/** "Sam", "PA", or the name given for someone else ("Kingsmead College"). */
export function ownerText(task: Pick<TaskOut, 'owner' | 'owner_name'>, name: string): string {
  if (task.owner_name) return task.owner_name;
  return task.owner === 'young_person' ? name : t(`staff.plan.owner.${task.owner}`);
}

const REVIEW_TARGET = { review_due: 'review-due' };

/** The plan's review date: the edit is based on the version of the plan the PA loaded. */
function ReviewDate({ id, plan, onSaved }: { id: string; plan: PlanOut; onSaved: () => Promise<void> }) {
  const [date, setDate] = useState(plan.review_due ?? '');
  const [busy, setBusy] = useState(false);
  const { errors, attempt, fail, clear, summary } = useFormErrors(REVIEW_TARGET);

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    clear();
    const edit: PlanEditIn = { op_id: crypto.randomUUID(), base_version: plan.version, set: { review_due: date || null } };
    try {
      await send<PlanEditResult>('POST', staffPaths.planEdits(id), edit);
      await onSaved();
    } catch (error) {
      const wrong = error instanceof ApiError && fieldsWithErrors(error.fields, { review_due: 'body.set.review_due' }).length > 0;
      fail(wrong ? { review_due: t('staff.plan.error.review_due') } : {}, wrong ? '' : generalError(error));
    } finally {
      setBusy(false);
    }
  };

  const found = summary(REVIEW_TARGET.review_due);
  return (
    <section aria-labelledby="review-heading">
      <h2 id="review-heading">{t('staff.plan.reviewHeading')}</h2>
      <p data-testid="review-due">
        {plan.review_due ? t('staff.plan.reviewOn', { date: formatDate(plan.review_due) }) : t('staff.plan.reviewNone')}
        {plan.review_overdue && <strong class="tag tag--overdue">{t('staff.plan.overdue')}</strong>}
      </p>
      {found.length > 0 && <ErrorSummary attempt={attempt} errors={found} />}
      <form onSubmit={submit} noValidate class="no-print">
        <TextInput
          id={REVIEW_TARGET.review_due}
          label={t('staff.plan.reviewLabel')}
          hint={t('staff.plan.reviewHint')}
          error={errors.review_due}
          value={date}
          onInput={setDate}
          type="date"
          width="medium"
        />
        <button type="submit" class="button button--secondary" disabled={busy}>
          {t('staff.plan.reviewSave')}
        </button>
      </form>
    </section>
  );
}
