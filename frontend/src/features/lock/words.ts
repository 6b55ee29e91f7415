// The lock's words, added to the catalogue by the two lazy screens that show them (the lock
// screen and "Lock Harbour"), so the first load does not carry them.
import { addMessages } from '../../core/i18n';
import messages from '../../messages/lock.en.json';

addMessages(messages);
