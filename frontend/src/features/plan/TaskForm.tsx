// The form for a task the young person adds or changes: what, what it's about, more about it,
// and when by. Checked on the phone (it may be offline); the server checks it again.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorSummary, Select, TextArea, TextInput } from '../../components/form';
import { useFormErrors } from '../../lib/form-errors';
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
  const [input, setInput] = useState(initial);
  const [saving, setSaving] = useState(false);
  const form = useFormErrors(TARGETS);
  const set = (field: keyof TaskInput) => (value: string) => setInput({ ...input, [field]: value });

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
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <TextInput
          id={TARGETS.title}
          label={t('taskForm.titleLabel')}
          hint={t('taskForm.titleHint')}
          error={form.errors.title}
          value={input.title}
          onInput={set('title')}
        />
        <Select
          id={TARGETS.domain}
          label={t('taskForm.domainLabel')}
          error={form.errors.domain}
          value={input.domain}
          onChange={set('domain')}
        >
          <option value="">{t('taskForm.domainChoose')}</option>
          {DOMAINS.map((domain) => (
            <option key={domain} value={domain}>
              {domainText(domain)}
            </option>
          ))}
        </Select>
        <TextArea
          id={TARGETS.description}
          label={t('taskForm.descriptionLabel')}
          hint={t('taskForm.descriptionHint')}
          error={form.errors.description}
          value={input.description}
          onInput={set('description')}
          rows={4}
        />
        <TextInput
          id={TARGETS.due_on}
          type="date"
          label={t('taskForm.dueLabel')}
          error={form.errors.due_on}
          value={input.due_on}
          onInput={set('due_on')}
        />
        <div class="button-group">
          <button type="submit" id="task-submit" class="button" disabled={saving}>
            {submitLabel}
          </button>
          {children}
        </div>
      </form>
    </>
  );
}
