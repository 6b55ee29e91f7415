import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  finishBeforeLeaving,
  LEAVE_WAIT_MS,
  NEUTRAL_PAGE,
  onQuickExit,
  quickExit,
  returnsAfterExit,
  SHIFT_PAUSE_MS,
  shiftCounter,
} from '../src/core/quick-exit';

describe('quick exit', () => {
  it('blanks the page, then runs its listeners (the app lock), then leaves, even if one throws', () => {
    const happened: string[] = [];
    const stored = new Map<string, string>();
    const body = { hidden: false };
    Object.assign(globalThis, {
      document: { body, title: 'My views – Harbour' },
      sessionStorage: { setItem: (key: string, value: string) => stored.set(key, value) },
      location: { replace: (to: string) => happened.push(`replace ${to}`) },
    });
    onQuickExit(() => {
      happened.push(`lock (hidden: ${body.hidden})`);
      throw new Error('a listener that fails');
    });
    onQuickExit(() => happened.push('second listener'));
    quickExit();
    assert.deepEqual(happened, ['lock (hidden: true)', 'second listener', `replace ${NEUTRAL_PAGE}`]);
    assert.equal((globalThis as unknown as { document: Document }).document.title, 'Calculator');
    assert.deepEqual([...stored.values()], ['1']); // remembered for Back, in this tab only
  });
});

describe('quick exit with a write under way', () => {
  function leaving(): string[] {
    const left: string[] = [];
    const body = { hidden: false };
    Object.assign(globalThis, {
      document: { body, title: 'My views – Harbour' },
      sessionStorage: { setItem: () => undefined },
      location: { replace: (to: string) => left.push(`${body.hidden ? 'blank, then ' : ''}${to}`) },
    });
    return left;
  }

  it("blanks at once and leaves once the draft's last words have landed", async () => {
    const left = leaving();
    let land = () => {};
    void finishBeforeLeaving(new Promise<void>((resolve) => (land = resolve)));
    quickExit();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(left, []); // the write would be cancelled by leaving now
    land();
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.deepEqual(left, [`blank, then ${NEUTRAL_PAGE}`]);
  });

  it('leaves after LEAVE_WAIT_MS at most, however long a write takes', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const left = leaving();
    void finishBeforeLeaving(new Promise<void>(() => {}));
    quickExit();
    t.mock.timers.tick(LEAVE_WAIT_MS - 1);
    await Promise.resolve();
    assert.deepEqual(left, []);
    t.mock.timers.tick(1);
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
    assert.deepEqual(left, [`blank, then ${NEUTRAL_PAGE}`]);
  });
});

describe('Shift pressed three times', () => {
  it('counts Shift pressed on its own, up to three', () => {
    const counter = shiftCounter();
    assert.deepEqual([counter.shiftUp(0), counter.shiftUp(400), counter.shiftUp(900)], [1, 2, 3]);
  });

  it('starts again after a pause longer than five seconds', () => {
    const counter = shiftCounter();
    counter.shiftUp(0);
    counter.shiftUp(1000);
    assert.equal(counter.shiftUp(1000 + SHIFT_PAUSE_MS + 1), 1);
  });

  it('does not count a Shift used for a capital letter, and a letter starts again', () => {
    const counter = shiftCounter();
    counter.shiftUp(0);
    counter.shiftUp(100);
    // "H": Shift goes down, then H with Shift held; Shift comes up last.
    counter.keydown('H', true);
    assert.equal(counter.shiftUp(200), 0);
    assert.equal(counter.shiftUp(300), 1);
  });

  it('starts again when any other key comes between', () => {
    const counter = shiftCounter();
    counter.shiftUp(0);
    counter.shiftUp(100);
    counter.keydown('a', false);
    assert.equal(counter.shiftUp(200), 1);
  });
});

describe('coming back after a quick exit', () => {
  it('leaves again when a Harbour page loads by Back or Forward after an exit', () => {
    assert.equal(returnsAfterExit(true, 'back_forward'), true);
    assert.equal(returnsAfterExit(false, 'back_forward'), false);
  });

  it('opens Harbour on a deliberate visit: a typed address, the icon, a link or a reload', () => {
    assert.equal(returnsAfterExit(true, 'navigate'), false);
    assert.equal(returnsAfterExit(true, 'reload'), false);
  });
});
