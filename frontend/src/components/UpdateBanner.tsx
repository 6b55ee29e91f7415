// "A new version of Harbour is ready. Reload": the person picks the moment to update.
import { t } from '../core/i18n';
import { applyUpdate, useUpdateReady } from '../core/service-worker';

export function UpdateBanner() {
  const ready = useUpdateReady();
  return (
    <div aria-live="polite">
      {ready && (
        <div class="banner banner--update" data-testid="update-banner">
          <p>{t('update.message')}</p>
          <button type="button" class="button" onClick={applyUpdate}>
            {t('update.reload')}
          </button>
        </div>
      )}
    </div>
  );
}
