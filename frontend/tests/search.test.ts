import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { searchItems } from '../src/lib/search';

const items = [
  { title: 'Setting up home grant', summary: 'Money for your first home.', details: 'A bed, a cooker, pots and pans.' },
  { title: 'Driving lessons', summary: 'Help to learn to drive.', details: 'Up to 10 lessons.' },
  { title: 'Café vouchers', summary: 'Food when you need it.', details: '' },
];

describe('searchItems', () => {
  it('finds words in the title, summary or details, ignoring case', () => {
    assert.deepEqual(searchItems(items, 'COOKER').map((item) => item.title), ['Setting up home grant']);
    assert.deepEqual(searchItems(items, 'drive').map((item) => item.title), ['Driving lessons']);
  });

  it('needs every word typed', () => {
    assert.deepEqual(searchItems(items, 'home money').map((item) => item.title), ['Setting up home grant']);
    assert.deepEqual(searchItems(items, 'home lessons'), []);
  });

  it('ignores accents and punctuation', () => {
    assert.deepEqual(searchItems(items, 'cafe!').map((item) => item.title), ['Café vouchers']);
  });

  it('shows everything for an empty search', () => {
    assert.equal(searchItems(items, '   ').length, 3);
  });
});
