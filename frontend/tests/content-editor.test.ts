import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EditedOfferItem, OfferItemFields } from '../src/api/types';
import { byArea, pence, poundsText } from '../src/staff/content';

test('pounds typed the ways people type them become whole pence', () => {
  assert.equal(pence('2500'), 250000);
  assert.equal(pence('£2,500'), 250000);
  assert.equal(pence(' 12.5 '), 1250);
  assert.equal(pence('12.05'), 1205);
});

test('anything that is not an amount of money is refused, not guessed', () => {
  for (const text of ['', 'ten', '12.345', '-5', '1e3', '£']) assert.equal(pence(text), null, text);
});

test('pence show as pounds in the form, and read back the same', () => {
  for (const value of [0, 250000, 1250, 1205, 99]) assert.equal(pence(poundsText(value)), value);
  assert.equal(poundsText(250000), '2500');
  assert.equal(poundsText(1050), '10.50');
});

test('items are grouped by the area their draft puts them in', () => {
  const words = (area: OfferItemFields['area']) => ({ area }) as OfferItemFields;
  const item = (key: string, area: OfferItemFields['area'], draft: OfferItemFields['area'] | null): EditedOfferItem => ({
    id: key,
    key,
    revision: 1,
    live: true,
    edited_in_app: false,
    current: words(area),
    draft: draft ? words(draft) : null,
  });

  const groups = byArea([item('a', 'employment', null), item('b', 'employment', 'accommodation'), item('c', 'accommodation', null)]);

  assert.deepEqual(groups.get('employment')?.map((i) => i.key), ['a']);
  assert.deepEqual(groups.get('accommodation')?.map((i) => i.key), ['b', 'c']);
});
