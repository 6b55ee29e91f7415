// The staff screens' catalogue, added once when the staff chunk loads. Staff modules import
// t() from here, so the catalogue is always in place before any of them shows a word.
import messages from '../messages/staff.en.json';
import { addMessages } from '../core/i18n';

addMessages(messages);

export { t } from '../core/i18n';
