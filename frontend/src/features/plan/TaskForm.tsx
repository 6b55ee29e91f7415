// The form for a task the young person adds or changes: what, what it's about, more about it,
// and when by. Checked on the phone (it may be offline); the server checks it again.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorSummary, Form, Select, TextArea, TextInput } from '../../components/form';
import { useForm } from '../../lib/form-errors';
import { t } from '../../core/i18n';
import { MAX_DESCRIPTION, MAX_TITLE, taskProblems, type TaskInput, type TaskProblem } from './plan';
import { DOMAINS } from '../../lib/plan-vocabulary';
import { domainText } from '../../lib/records-text';

const TARGETS: Record<keyof TaskInput, string> = {
  title: 'task-title',
  domain: 'task-domain',
  description: 'task-description',
  due_on: 'task-due',
};

function problemText(problem: TaskProblem): string {
  const max = (problem === 'titleTooLong' ? MAX_TITLE : MAX_DESCRIPTION).toLocaleString('en-GB');
  return t(`plan.error.${problem}`, { max });
}

interface Props {
  initial: TaskInput;
  submitLabel: string;
  /** Saves the checked input; rejects if the phone could not save it. */
  onSave: (input: TaskInput) => Promise<void>;
  children?: ComponentChildren;
}

export function TaskForm({ initial, submitLabel, onSave, children }: Props) {
  const form = useForm(TARGETS, initial);
  const input = form.values;
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    const problems = taskProblems(input);
    const found = Object.fromEntries(
      Object.entries(problems).map(([field, problem]) => [field, problemText(problem)]),
    );
    if (Object.keys(found).length > 0) {
      form.fail(found);
      return;
    }
    setSaving(true);
    try {
      await onSave(input);
    } catch {
      form.fail({}, t('views.error.notSaved'));
      setSaving(false);
    }
  };

  const summary = form.summary('task-submit');
  return (
    <>
      {summary.length > 0 && <ErrorSummary errors={summary} attempt={form.attempt} />}
      <Form onSubmit={submit}>
        <TextInput {...form.field('title')} label={t('taskForm.titleLabel')} hint={t('taskForm.titleHint')} />
        <Select
          id={TARGETS.domain}
          label={t('taskForm.domainLabel')}
          {...form.choice('domain')}
          placeholder={t('taskForm.domainChoose')}
          options={DOMAINS.map((domain) => [domain, domainText(domain)])}
        />
        <TextArea {...form.field('description')} label={t('taskForm.descriptionLabel')} hint={t('taskForm.descriptionHint')} rows={4} />
        <TextInput {...form.field('due_on')} type="date" label={t('taskForm.dueLabel')} />
        <div class="button-group">
          <button type="submit" id="task-submit" class="button" disabled={saving}>
            {submitLabel}
          </button>
          {children}
        </div>
      </Form>
    </>
  );
}
