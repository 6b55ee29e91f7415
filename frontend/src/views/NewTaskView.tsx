// "/c/:slug/plan/new": the young person adds something of their own to their plan. It is
// saved in the outbox (with its phone-made id) and shows in the plan at once, offline too.
import { TaskForm } from '../features/plan/TaskForm';
import { Page } from '../components/Page';
import { YoungPersonOnly } from '../components/YoungPersonOnly';
import { t } from '../core/i18n';
import { addTask } from '../features/plan/plan';
import { navigate } from '../core/router';

export function NewTaskView({ slug }: { slug: string }) {
  const base = `/c/${encodeURIComponent(slug)}/plan`;
  return (
    <YoungPersonOnly slug={slug} title={t('plan.signIn')}>
      {(person) => (
        <Page
          title={t('newTask.title')}
          before={
            <a href={base} class="back-link">
              {t('task.back')}
            </a>
          }
        >
          <p class="lead">{t('newTask.intro')}</p>
          <TaskForm
            initial={{ title: '', domain: '', description: '', due_on: '' }}
            submitLabel={t('newTask.submit')}
            onSave={async (input) => {
              const id = await addTask(person.id, input);
              navigate(`${base}/tasks/${id}?added`, { replace: true });
            }}
          />
        </Page>
      )}
    </YoungPersonOnly>
  );
}
