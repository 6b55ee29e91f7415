// The words of "Download my data" and "Who has seen my information", added to the catalogue by
// those two screens (account chunk), so the first load does not carry them.
import { addMessages } from '../core/i18n';
import messages from '../messages/my-data.en.json';

addMessages(messages);
