// The lock's words, added to the catalogue by the two lazy screens that show them (the lock
// screen and "Lock Harbour"), so the first load does not carry them.
import { addMessages, t } from '../../core/i18n';
import messages from '../../messages/lock.en.json';

addMessages(messages);

/** Why a lock code was refused: a wait still running, or simply wrong. */
export function refusal(result: { wait: number }): string {
  return result.wait > 0 ? t('lock.screen.wait', { count: result.wait }) : t('lock.screen.wrong');
}
