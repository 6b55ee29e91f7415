// Whether the message catalogue has a key (for checks of keys built from data).
import en from '../src/messages/en.json';

export function catalogueHas(key: string): boolean {
  return key in en;
}
