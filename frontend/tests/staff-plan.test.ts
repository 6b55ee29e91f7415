import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addDays,
  changedFields,
  changeText,
  entryTexts,
  formOfTask,
  groupByDomain,
  needsAttention,
  taskFormProblems,
  taskFromTemplate,
  taskIn,
  valueText,
} from '../src/staff/plan';
import type { CaseloadRow, FieldEditOut, TaskOut, TaskTemplateOut } from '../src/api/types';

function task(fields: Partial<TaskOut>): TaskOut {
  return {
    id: fields.title ?? 'task',
    title: 'A task',
    description: '',
    domain: 'money',
    owner: 'young_person',
    owner_name: null,
    due_on: null,
    status: 'to_do',
    done_at: null,
    offer_item_id: null,
    offer_item_title: null,
    template_id: null,
    created_by: 'staff',
    added_by: { kind: 'staff', name: 'Priya', role: 'personal_adviser' },
    version: 3,
    overdue: false,
    notes: [],
    updated_at: '2026-11-24T10:00:00Z',
    ...fields,
  };
}

const BANK: TaskTemplateOut = {
  id: 'open-bank-account',
  domain: 'money',
  title: 'Open a bank account',
  description: 'Bring your ID.',
  owner: 'young_person',
  due_in_days: 30,
  offer_item_id: null,
  offer_item_title: null,
};

describe('tasks grouped by domain', () => {
  it('keeps the plan order of domains and leaves out empty ones', () => {
    const groups = groupByDomain([
      task({ title: 'Budget', domain: 'money' }),
      task({ title: 'Flat', domain: 'accommodation' }),
      task({ title: 'GP', domain: 'health' }),
    ]);
    assert.deepEqual(
      groups.map(([domain, tasks]) => [domain, tasks.map((item) => item.title)]),
      [
        ['accommodation', ['Flat']],
        ['health', ['GP']],
        ['money', ['Budget']],
      ],
    );
  });

  it('puts open tasks first by due date, undated after dated, then finished ones', () => {
    const [[, tasks]] = groupByDomain([
      task({ title: 'Done early', status: 'done', due_on: '2026-01-01' }),
      task({ title: 'Undated' }),
      task({ title: 'Later', due_on: '2026-12-20' }),
      task({ title: 'Sooner', due_on: '2026-12-01', status: 'in_progress' }),
      task({ title: 'Skipped', status: 'not_needed' }),
    ]) as [[string, TaskOut[]]];
    assert.deepEqual(
      tasks.map((item) => item.title),
      ['Sooner', 'Later', 'Undated', 'Done early', 'Skipped'],
    );
  });
});

describe('a task from a template', () => {
  it('is due the template days after the council today, across months and years', () => {
    assert.equal(addDays('2026-12-15', 30), '2027-01-14');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    const form = taskFromTemplate(BANK, '2026-11-24');
    assert.equal(form.due_on, '2026-12-24');
    assert.equal(form.title, 'Open a bank account');
    assert.equal(form.domain, 'money');
    assert.equal(form.status, 'to_do');
  });

  it('is undated when the template has no days, and carries its offer item', () => {
    const form = taskFromTemplate({ ...BANK, due_in_days: null, offer_item_id: 'setting-up-home' }, '2026-11-24');
    assert.equal(form.due_on, '');
    assert.equal(form.offer_item_id, 'setting-up-home');
  });

  it('is sent with its template id, trimmed, leaving out what is empty', () => {
    const form = { ...taskFromTemplate({ ...BANK, due_in_days: null, description: '' }, '2026-11-24'), title: '  Open a bank account ' };
    assert.deepEqual(taskIn(form, 'id-1', 'open-bank-account'), {
      id: 'id-1',
      template_id: 'open-bank-account',
      title: 'Open a bank account',
      domain: 'money',
      owner: 'young_person',
    });
  });
});

describe('editing a task', () => {
  it('sends only the fields that changed, empty ones as null', () => {
    const loaded = task({ due_on: '2026-12-01', owner_name: 'Kingsmead College', owner: 'other' });
    const form = { ...formOfTask(loaded), due_on: '2026-12-05', owner_name: ' Kingsmead College ' };
    assert.deepEqual(changedFields(loaded, form), { due_on: '2026-12-05' });
    assert.deepEqual(changedFields(loaded, { ...formOfTask(loaded), due_on: '', status: 'done' }), { due_on: null, status: 'done' });
    assert.deepEqual(changedFields(loaded, formOfTask(loaded)), {});
  });

  it('needs a title, an area, and a name when someone else does it', () => {
    const form = { ...formOfTask(task({})), title: ' ', owner: 'other' as const };
    assert.deepEqual(taskFormProblems(form), ['title', 'owner_name']);
    assert.deepEqual(taskFormProblems({ ...form, title: 'x', domain: '', owner_name: 'College' }), ['domain']);
  });
});

describe('caseload at a glance', () => {
  const row = (fields: Partial<CaseloadRow>): CaseloadRow => ({
    young_person_id: 'a',
    review_due: null,
    review_overdue: false,
    open_tasks: 2,
    overdue_tasks: 0,
    done_recently: 1,
    last_done_at: null,
    ...fields,
  });
  it('needs attention when the review or a task is overdue', () => {
    assert.equal(needsAttention(row({})), false);
    assert.equal(needsAttention(row({ review_overdue: true })), true);
    assert.equal(needsAttention(row({ overdue_tasks: 1 })), true);
    assert.equal(needsAttention(undefined), false);
  });
});

describe('a history entry in words', () => {
  const entry = (changes: FieldEditOut['changes'], by: FieldEditOut['by']): FieldEditOut => ({
    op_id: 'op',
    at: '2026-11-24T10:00:00Z',
    acted_at: '2026-11-24T10:00:00Z',
    by,
    device: 'Chrome on Android',
    record: 'task',
    record_id: 'task',
    changes,
  });
  const sam = { kind: 'young_person' as const, name: null, role: null };
  const priya = { kind: 'staff' as const, name: 'Priya', role: 'personal_adviser' as const };

  it('names the young person, or the staff member with their role', () => {
    assert.deepEqual(entryTexts(entry([{ field: 'status', before: 'to_do', after: 'done', replaced_unseen: false }], sam), 'Sam'), [
      'Sam changed the status from To do to Done.',
    ]);
    assert.deepEqual(entryTexts(entry([{ field: 'note', before: null, after: 'n1', replaced_unseen: false }], priya), 'Sam'), [
      'Priya (Personal Adviser) added a note.',
    ]);
    assert.deepEqual(entryTexts(entry([], priya), 'Sam'), ['Priya (Personal Adviser) sent a change, but nothing was different.']);
    const named = { ...sam, name: 'Sammy' }; // the name the server gives staff, when it has one
    assert.deepEqual(entryTexts(entry([{ field: 'note', before: null, after: 'n1', replaced_unseen: false }], named), 'Sam'), ['Sammy added a note.']);
  });

  it('says which value was replaced when the sender had not seen it', () => {
    const text = changeText({ field: 'due_on', before: '2026-12-01', after: '2026-12-05', replaced_unseen: true }, 'Priya');
    assert.equal(text, 'Priya changed the due date to 5 December 2026, and replaced 1 December 2026 that they had not seen.');
  });

  it('shows dates, domains, owners and text as a person reads them', () => {
    assert.equal(valueText('review_due', '2027-01-10'), '10 January 2027');
    assert.equal(valueText('domain', 'eet'), 'Education, work and training');
    assert.equal(valueText('owner', 'pa'), 'PA');
    assert.equal(valueText('title', 'Open a bank account'), '“Open a bank account”');
    assert.equal(valueText('due_on', null), 'nothing');
    assert.equal(changeText({ field: 'health_assessment_next', before: null, after: '2027-03-01', replaced_unseen: false }, 'Priya'), 'Priya set the next health assessment to 1 March 2027.');
  });
});
