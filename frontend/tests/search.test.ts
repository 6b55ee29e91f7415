import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markMatches, matchingSentence, offerIndex, stem } from '../src/lib/search';

const items = [
  { id: 'home', title: 'Setting up home grant', summary: 'Money for your first home.', details: 'A bed, a cooker, pots and pans.' },
  { id: 'driving', title: 'Driving lessons', summary: 'Help to learn to drive.', details: 'Up to 10 lessons.' },
  { id: 'cafe', title: 'Café vouchers', summary: 'Food when you need it.', details: '' },
  { id: 'parents', title: 'Help for young parents', summary: 'A group for parents.', details: 'Current and different.' },
  { id: 'lodgings', title: 'Supported lodgings', summary: 'A room in a family home.', details: 'You pay a small rent.' },
  { id: 'rent', title: 'Your first rent paid', summary: 'We pay it when you move in.', details: 'Ask your PA.' },
  { id: 'summary', title: 'Leisure pass', summary: 'Free rent of a bike.', details: 'Swimming too.' },
];
const index = offerIndex(items, { phone: ['mobile', 'sim card'], rent: ['deposit'] });
const ids = (query: string) => index.search(query).hits.map((hit) => hit.item.id);

describe('offer search', () => {
  it('finds whole words in the title, summary or details, ignoring case', () => {
    assert.deepEqual(ids('COOKER'), ['home']);
    assert.deepEqual(ids('parent'), ['parents']);
    assert.ok(!ids('rent').includes('parents'), '"rent" is not found inside "parents" or "current"');
  });

  it('matches other forms of a word', () => {
    assert.deepEqual(ids('drive'), ['driving']);
    assert.deepEqual(ids('lesson'), ['driving']);
    assert.equal(stem('renting'), stem('rent'));
  });

  it('ranks a match in the title above the summary, and the summary above the details', () => {
    assert.deepEqual(ids('rent'), ['rent', 'summary', 'lodgings']);
  });

  it('widens a word with the council’s synonyms, the word typed counting most', () => {
    const phone = [{ id: 'sim', title: 'A free SIM card', summary: 'Calls and data.', details: 'For your mobile.' }];
    const withPhone = offerIndex([...items, ...phone], { phone: ['mobile', 'sim card'] });
    assert.deepEqual(withPhone.search('phone').hits.map((hit) => hit.item.id), ['sim']);
    assert.deepEqual(withPhone.search('phones').hits.map((hit) => hit.item.id), ['sim'], 'any form of the word');
    assert.deepEqual(offerIndex(items, { rent: ['group'] }).search('rent').hits[0]?.item.id, 'rent');
  });

  it('wants every word, and falls back to some of them when nothing has all', () => {
    assert.deepEqual(ids('home money'), ['home']);
    const some = index.search('cooker lessons');
    assert.equal(some.allWords, false);
    assert.deepEqual(new Set(some.hits.map((hit) => hit.item.id)), new Set(['home', 'driving']));
  });

  it('leaves out words like "help with" unless nothing else was typed', () => {
    assert.deepEqual(ids('help with rent'), ids('rent'));
    assert.deepEqual(ids('help'), ['parents', 'driving']);
  });

  it('finds a half-typed last word', () => {
    assert.deepEqual(ids('driv'), ['driving']);
    assert.deepEqual(ids('vouch'), ['cafe']);
  });

  it('ignores accents and punctuation', () => {
    assert.deepEqual(ids('cafe!'), ['cafe']);
  });

  it('finds nothing for an empty search', () => {
    assert.deepEqual(index.search('   '), { hits: [], allWords: true, suggestion: null });
  });

  it('suggests the nearest word of the offer for a word that matches nothing', () => {
    assert.equal(index.search('drivng').suggestion, 'driving');
    assert.equal(index.search('rnet').suggestion, 'rent', 'two letters swapped is one slip');
    assert.equal(index.search('cooker lesons').suggestion, 'cooker lessons');
    assert.equal(index.search('phnoe').suggestion, 'phone', 'synonyms are words of the offer too');
    assert.equal(index.search('rent').suggestion, null);
    assert.equal(index.search('zebra').suggestion, null, 'nothing near');
  });

  it('says which words matched, to mark them', () => {
    const [hit] = index.search('drive').hits;
    assert.ok(hit);
    assert.deepEqual(markMatches('Help to learn to drive.', hit.terms), ['Help to learn to ', 'drive', '.']);
    assert.deepEqual(markMatches('Driving lessons', hit.terms), ['', 'Driving', ' lessons']);
    assert.deepEqual(markMatches('Up to 10 lessons.', hit.terms), ['Up to 10 lessons.']);
  });

  it('finds the sentence of the details that matched', () => {
    const terms = new Set([stem('rent')]);
    assert.equal(matchingSentence('A room. You pay a small rent. Ask us.', terms), 'You pay a small rent.');
    assert.equal(matchingSentence('A room.', terms), null);
  });
});
