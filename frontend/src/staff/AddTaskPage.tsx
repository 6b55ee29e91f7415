// "/staff/young-people/:id/plan/new": add a task in two clicks: pick one of the council's
// suggested tasks (grouped by domain) and the form is filled in, due the template's number
// of days from the council's today; check or change it, then add it. Or start a blank task.
// The page stays open after adding, so a PA can add several in a row.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorSummary } from '../components/form';
import { Page } from '../components/Page';
import { send } from '../core/api';
import { generalError, useFormErrors } from '../lib/form-errors';
import type { SignedInPerson } from '../core/session';
import { NotFound } from '../components/NotFound';
import { t } from './i18n';
import { LoadingPage } from './LoadingPage';
import { BLANK_TASK, planPages, taskFromTemplate, taskIn, templatesByDomain, type TaskForm } from './plan';
import { localProblems, serverProblems, TaskFields, taskTargets } from './TaskFields';
import type { TaskOut, TaskTemplateOut, TemplateList } from '../api/types';
import { staffPaths } from './paths';
import { usePlan } from './usePlan';

const TARGETS = taskTargets('new-task');

/** What the PA is adding: from a template (its id) or blank (null). */
interface Draft {
  templateId: string | null;
  form: TaskForm;
}

export function AddTaskPage({ id, me }: { id: string; me: SignedInPerson }) {
  const { person, plan, missing, problem: loadProblem, reload } = usePlan(id);
  const [templates, setTemplates] = useState<TaskTemplateOut[] | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const { errors, attempt, fail, clear, summary } = useFormErrors(TARGETS);
  const formHeading = useRef<HTMLHeadingElement>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    send<TemplateList>('GET', staffPaths.taskTemplates).then(
      (found) => setTemplates(found.templates),
      (error: unknown) => fail({}, generalError(error)),
    );
  }, []);

  const start = (next: Draft | null) => {
    clear();
    setNotice('');
    setDraft(next);
    // The form (or the list again) replaces what was clicked: focus moves to its heading.
    requestAnimationFrame(() => (next ? formHeading : listHeading).current?.focus());
  };

  if (missing) return <NotFound />;
  if (!person || !plan) return <LoadingPage problem={loadProblem} />;
  const name = person.preferred_name;
  const used = new Set(plan.tasks.map((task) => task.template_id));

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!draft || busy) return;
    const problems = localProblems(draft.form);
    if (Object.keys(problems).length > 0) return fail(problems);
    setBusy(true);
    clear();
    try {
      const added = await send<TaskOut>('POST', staffPaths.tasks(id), taskIn(draft.form, crypto.randomUUID(), draft.templateId));
      await reload();
      start(null);
      setNotice(t('staff.addTask.added', { title: added.title }));
    } catch (error) {
      const { fields, problem } = serverProblems(error, 'body.');
      fail(fields, problem);
    } finally {
      setBusy(false);
    }
  };

  const found = summary(TARGETS.title);
  const title = t('staff.addTask.title', { name });
  return (
    <Page
      title={found.length > 0 ? `${t('check.errorPrefix')} ${title}` : title}
      heading={title}
      before={
        <a class="back-link" href={planPages.plan(id)}>
          {t('staff.addTask.back')}
        </a>
      }
    >
      <p role="status">{notice}</p>
      {found.length > 0 && <ErrorSummary attempt={attempt} errors={found} />}
      {draft ? (
        <form onSubmit={submit} noValidate aria-labelledby="task-form-heading">
          <h2 id="task-form-heading" ref={formHeading} tabIndex={-1}>
            {t(draft.templateId ? 'staff.addTask.check' : 'staff.addTask.blankHeading')}
          </h2>
          <TaskFields prefix="new-task" form={draft.form} onChange={(form) => setDraft({ ...draft, form })} errors={errors} council={me.council} withStatus={false} />
          <div class="button-group">
            <button type="submit" class="button" disabled={busy}>
              {t('staff.addTask.submit')}
            </button>
            <button type="button" class="button button--secondary" onClick={() => start(null)}>
              {t('staff.addTask.other')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <h2 ref={listHeading} tabIndex={-1}>
            {t('staff.addTask.chooseHeading')}
          </h2>
          <p>{t('staff.addTask.intro')}</p>
          <p>
            <button type="button" class="button button--secondary" onClick={() => start({ templateId: null, form: BLANK_TASK })}>
              {t('staff.addTask.blank')}
            </button>
          </p>
          {templates === null && !found.length && <p>{t('app.loading')}</p>}
          {templates && templates.length === 0 && <p>{t('staff.addTask.noTemplates')}</p>}
          {templates &&
            templatesByDomain(templates).map(([domain, items]) => (
              <section key={domain} aria-labelledby={`templates-${domain}`}>
                <h3 id={`templates-${domain}`}>{t(`staff.plan.domain.${domain}`)}</h3>
                <ul class="template-list">
                  {items.map((template) => (
                    <li key={template.id}>
                      <button
                        type="button"
                        class="link-button"
                        aria-describedby={used.has(template.id) ? `used-${template.id}` : undefined}
                        onClick={() => start({ templateId: template.id, form: taskFromTemplate(template, plan.today) })}
                      >
                        {template.title}
                      </button>
                      {used.has(template.id) && (
                        <span id={`used-${template.id}`} class="hint">
                          {' '}
                          {t('staff.addTask.inPlan')}
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              </section>
            ))}
        </>
      )}
    </Page>
  );
}
