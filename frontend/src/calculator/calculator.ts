// The neutral page quick exit goes to (core/quick-exit.ts): a plain, working calculator with
// nothing of Harbour in it (name, colours, icon, manifest), so it is all someone looking at
// the phone sees. Precached by the service worker, so it opens offline too. Buttons and the
// keyboard both work.
import { CLEAR, press, type Key } from './calculate';
import './calculator.css';

const KEYS: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.', '+', '-', '*', '/', '=', 'C'];
const KEYBOARD: Record<string, Key> = { Enter: '=', Escape: 'C', Delete: 'C', c: 'C', x: '*' };

function isKey(key: string | undefined): key is Key {
  return key !== undefined && KEYS.includes(key);
}

let state = CLEAR;
const display = document.getElementById('display');

function use(key: Key): void {
  state = press(state, key);
  if (display) display.textContent = state.shown;
}

document.addEventListener('click', (event) => {
  const key = event.target instanceof Element ? event.target.closest('button')?.dataset['key'] : undefined;
  if (isKey(key)) use(key);
});

document.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === 'Enter' && event.target instanceof HTMLButtonElement) return; // presses that button
  const key = KEYBOARD[event.key] ?? event.key;
  if (!isKey(key)) return;
  event.preventDefault();
  use(key);
});
