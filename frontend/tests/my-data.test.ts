import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SeenEntry } from '../src/api/types';
import { dataFileName } from '../src/lib/download';
import { seenSentence } from '../src/lib/seen-text';

const entry = (more: Partial<SeenEntry>): SeenEntry => ({
  id: '00000000-0000-4000-8000-000000000001',
  at: '2026-12-03T17:20:00Z',
  what: 'statement',
  statement_type: 'feeling',
  task_title: null,
  by: { name: 'Alex', role: 'personal_adviser' },
  ...more,
});

describe('who has seen my information', () => {
  it('says who opened what, in plain words', () => {
    const said = seenSentence(entry({}));
    assert.match(said, /^Alex \(your personal adviser\) opened your “How I'm feeling” on 3 December 2026/);
  });

  it('gives the role only where the council names no one', () => {
    const said = seenSentence(entry({ what: 'plan', statement_type: null, by: { name: null, role: 'team_manager' } }));
    assert.match(said, /^A team manager opened your pathway plan on /);
  });

  it('has words for everything staff can open, and every role', () => {
    const whats: SeenEntry['what'][] = ['statement', 'plan', 'task_history', 'passport', 'passport_history', 'passport_sharing', 'record', 'record_copy', 'everything'];
    const roles: SeenEntry['by']['role'][] = ['personal_adviser', 'team_manager', 'council_admin', 'content_editor'];
    for (const what of whats) {
      for (const role of roles) {
        for (const name of ['Alex', null]) {
          const said = seenSentence(entry({ what, task_title: 'Open a bank account', by: { name, role } }));
          assert.doesNotMatch(said, /[{}]|seen\.|undefined/, said);
        }
      }
    }
    assert.match(seenSentence(entry({ what: 'task_history', task_title: 'Open a bank account' })), /your task “Open a bank account”/);
  });
});

describe('the download', () => {
  it('is named for what it is and the day, never for whom', () => {
    assert.equal(dataFileName('my-data', new Date('2026-12-04T10:00:00Z')), 'harbour-my-data-2026-12-04.json');
  });
});
