// The example feature's own functions, as a page would call them: change the settings (an
// outbox item the core sends) and read the phone's copy.
import type { ReminderSettingsIn } from '../../src/api/types';
import { database } from '../../src/core/db';
import { createItem, saveItem } from '../../src/core/outbox';
import type { StoredSettings } from './sync';

export async function changeReminderSettings(owner: string, settings: ReminderSettingsIn): Promise<string> {
  const item = createItem('reminder_settings', settings, undefined, crypto.randomUUID(), owner);
  await saveItem(item);
  return item.id;
}

export async function readReminderSettings(owner: string): Promise<StoredSettings | undefined> {
  return (await database()).get('reminder_settings', owner);
}
