// "/c/:slug/plan": the young person's pathway plan: what's overdue, what's coming up and what's
// done so far. Works offline: the phone's copy with the changes waiting to send on top.
import type { VNode } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FieldEditOut } from '../api/types';
import { FramePage, Page } from '../components/Page';
import { PrintButton } from '../components/History';
import { YoungPersonAndCouncil } from '../components/YoungPersonOnly';
import { formatDate } from '../lib/format';
import { t } from '../core/i18n';
import { councilToday, editTask, groupTasks, isFinished, isOverdue, unseenStaffChange, type ShownTask } from '../features/plan/plan';
import { domainText, ownerText, statusText, whoText } from '../lib/records-text';
import { useMyPlan } from '../features/plan/use-my-plan';

export function MyPlanView({ slug }: { slug: string }) {
  // Until the phone knows who is signed in and the council's time zone, the page without the
  // plan: its heading and what it is for paint at once.
  return (
    <YoungPersonAndCouncil slug={slug} title={t('plan.signIn')} frame={<Plan slug={slug} owner={null} timeZone={null} />}>
      {(person, council) => <Plan slug={slug} owner={person.id} timeZone={council.time_zone} />}
    </YoungPersonAndCouncil>
  );
}

/** `owner` and `timeZone` null: not known yet. */
function Plan({ slug, owner, timeZone }: { slug: string; owner: string | null; timeZone: string | null }) {
  const plan = useMyPlan(owner);
  // Said (and focused) when a task is ticked off here, since its row moves to "Done so far".
  const [ticked, setTicked] = useState('');
  const tickedRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (ticked) tickedRef.current?.focus();
  }, [ticked]);
  // Everything else goes below the intro, so nothing on screen moves when it arrives.
  if (!plan || owner === null || timeZone === null) return <FramePage title={t('plan.title')} lead={t('plan.intro')} />;
  const base = `/c/${encodeURIComponent(slug)}/plan`;
  const tick = (shown: ShownTask) =>
    void editTask(owner, shown, { status: 'done' }).then(
      () => setTicked(t('plan.ticked', { title: shown.task.title })),
      () => setTicked(t('views.error.notSaved')),
    );
  const today = councilToday(timeZone);
  const groups = groupTasks(plan.tasks, today);
  const review = plan.plan?.review_due;
  const row = (shown: ShownTask) => (
    <TaskRow
      key={shown.task.id}
      base={base}
      shown={shown}
      onTick={tick}
      today={today}
      staffChange={unseenStaffChange(plan.history, shown.task.id, plan.seen[shown.task.id])}
    />
  );
  return (
    <Page title={t('plan.title')}>
      <p class="lead">{t('plan.intro')}</p>
      {review && (
        <p class={review < today ? 'inset inset--warning' : 'inset'} data-testid="plan-review">
          {t(review < today ? 'plan.reviewOverdue' : 'plan.review', { date: formatDate(review) })}
        </p>
      )}
      <div role="status">
        {ticked && (
          <p class="inset" tabIndex={-1} ref={tickedRef} data-testid="plan-ticked">
            {ticked}
          </p>
        )}
      </div>
      <div class="button-group no-print">
        <a href={`${base}/new`} class="button">
          {t('plan.add')}
        </a>
        <PrintButton label={t('plan.print')} />
      </div>
      {plan.tasks.length === 0 ? (
        <p data-testid="plan-empty">{t('plan.empty')}</p>
      ) : (
        <>
          <Group id="overdue" title={t('plan.overdueHeading')} empty={t('plan.overdueNone')}>
            {groups.overdue.map(row)}
          </Group>
          <Group id="coming-up" title={t('plan.comingUpHeading')} empty={t('plan.comingUpNone')}>
            {groups.comingUp.map(row)}
          </Group>
          <Group id="done" title={t('plan.doneHeading')} empty={t('plan.doneNone')}>
            {groups.done.map(row)}
          </Group>
        </>
      )}
    </Page>
  );
}

function Group({ id, title, empty, children }: { id: string; title: string; empty: string; children: VNode[] }) {
  return (
    <section aria-labelledby={`${id}-heading`} class="plan-group" data-testid={`group-${id}`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {children.length === 0 ? <p class="hint">{empty}</p> : <ul class="task-list">{children}</ul>}
    </section>
  );
}

interface RowProps {
  base: string;
  shown: ShownTask;
  onTick: (shown: ShownTask) => void;
  today: string;
  staffChange: FieldEditOut | null;
}

function TaskRow({ base, shown, onTick, today, staffChange }: RowProps) {
  const { task } = shown;
  return (
    <li class="task" data-testid="task">
      <h3 class="task__title">
        <a href={`${base}/tasks/${encodeURIComponent(task.id)}`}>{task.title}</a>
      </h3>
      <p class="task__meta">
        <span class="tag tag--domain">{domainText(task.domain)}</span>{' '}
        <span class="task__status" data-testid="task-status">
          {statusText(task.status)}
        </span>
      </p>
      <p class="task__meta">
        {task.status === 'done' && task.done_at
          ? t('plan.doneOn', { date: formatDate(task.done_at) })
          : task.due_on
            ? t('plan.due', { date: formatDate(task.due_on) })
            : t('plan.noDue')}
        {isOverdue(task, today) && <strong class="overdue"> {t('plan.overdueTag')}</strong>}
        {' · '}
        {t('plan.who', { who: ownerText(task.owner, task.owner_name) })}
      </p>
      {shown.unsent && (
        <p class="task__unsent" data-testid="task-unsent">
          {t('records.savedShort')}
        </p>
      )}
      {!shown.unsent && staffChange && (
        <p class="task__changed" data-testid="task-changed">
          {t('plan.changedBy', { name: whoText(staffChange.by) })}
        </p>
      )}
      {!isFinished(task) && (
        <button
          type="button"
          class="button button--secondary button--small no-print"
          onClick={() => onTick(shown)}
        >
          {t('plan.markDone')}
          <span class="visually-hidden"> {t('plan.markDoneWhich', { title: task.title })}</span>
        </button>
      )}
    </li>
  );
}
