import './setup';
import '../src/register';
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { freshDatabase } from './fresh-database';
import type { OfferItemOut, OfferOut } from '../src/api/types';
import { changesSince, offerChanges, rememberOffer, snapshot } from '../src/features/whats-new/whats-new';

function item(id: string, title = `Item ${id}`): OfferItemOut {
  return {
    id,
    area: 'accommodation',
    title,
    summary: 'A summary.',
    details: 'Details.',
    amount: null,
    eligibility: { statuses: [], min_age: null, max_age: null, conditions: [] },
    how_to_claim: 'Ask your PA.',
    contact: 'Your PA',
    provider: 'The council',
    last_reviewed: '2026-11-01',
  };
}

const offer = (version: string | null, items: OfferItemOut[], council = 'riverford'): OfferOut => ({
  council,
  version,
  items,
  synonyms: {},
});

describe("what's new on the offer", () => {
  beforeEach(() => {
    freshDatabase();
  });

  it('lists new and changed items once the content version changes', () => {
    const seen = snapshot(offer('1', [item('a'), item('b'), item('gone')]));
    const now = offer('2', [item('a'), item('b', 'A new title'), item('c')]);

    assert.deepEqual(
      changesSince(seen, now).map(({ item: { id }, kind }) => [id, kind]),
      [['b', 'changed'], ['c', 'new']],
    );
  });

  it('lists nothing on the first visit, or while the version is the same', () => {
    assert.deepEqual(changesSince(undefined, offer('1', [item('a')])), []);
    const seen = snapshot(offer('1', [item('a')]));
    assert.deepEqual(changesSince(seen, offer('1', [item('a'), item('b')])), []);
  });

  it('keeps the list on the phone until it is hidden, for each council', async () => {
    assert.deepEqual(await offerChanges(offer('1', [item('a')])), [], 'the first visit is the starting point');
    const changed = offer('2', [item('a'), item('b')]);
    assert.deepEqual((await offerChanges(changed)).map((change) => change.item.id), ['b']);
    assert.deepEqual((await offerChanges(changed)).map((change) => change.item.id), ['b'], 'still there next time');
    assert.deepEqual(await offerChanges(offer('7', [item('x')], 'kingsmead')), [], 'another council starts afresh');

    await rememberOffer(changed);
    assert.deepEqual(await offerChanges(changed), []);
  });

  it('moves the starting point on when a new version changed no item', async () => {
    await offerChanges(offer('1', [item('a')]));
    assert.deepEqual(await offerChanges(offer('2', [])), [], 'an item taken away is not news');
    assert.deepEqual((await offerChanges(offer('3', [item('a')]))).map((change) => change.kind), ['new'], 'it is back');
  });
});
