// The lock's words, added to the catalogue by the two lazy screens that show them (the lock
// screen and "Lock Harbour"), so the first load does not carry them.
import { addMessages, t } from '../../core/i18n';
import messages from '../../messages/lock.en.json';

addMessages(messages);

/** Wrong codes left from which the screens say how many. */
export const FEW_LEFT = 5;

/** Why a lock code was refused: it had stopped working, a wait was still running (the code
 * was not tried), or it was wrong (then how long to wait, and how many tries are left once
 * few are). One message, so a screen reader hears it all with the error. */
export function refusal(result: { wrong: boolean; wait: number; left: number }): string {
  if (result.left <= 0) return t('lock.screen.stopped');
  if (!result.wrong) return t('lock.screen.waiting', { count: result.wait });
  const said = result.wait > 0 ? t('lock.screen.wait', { count: result.wait }) : t('lock.screen.wrong');
  return result.left <= FEW_LEFT ? `${said} ${t('lock.screen.left', { count: result.left })}` : said;
}
