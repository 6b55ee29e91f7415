import './setup';
import '../src/register';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { freshDatabase } from './fresh-database';
import { database } from '../src/core/db';
import { catalogueHas } from './catalogue';
import { createItem, listOutbox, PUSH_URL, requestFlush, setCurrentOwner, type OutboxItem } from '../src/core/outbox';
import {
  addNote,
  addTask,
  changedFields,
  councilToday,
  createBody,
  editTask,
  groupTasks,
  historyOf,
  markSeen,
  readPlan,
  shownTasks,
  taskProblems,
  todayIn,
  unseenStaffChange,
  type ShownTask,
} from '../src/features/plan/plan';
import {
  editPassport,
  nhsNumberOk,
  passportChanges,
  problemWith,
  readPassport,
  SECTIONS,
  shownPassport,
} from '../src/features/passport/passport';
import { cursorFor, forgetPulled, storePull } from '../src/core/pull';
import { applyPendingPassport, emptyPassport } from '../src/features/passport/pending';
import { applyPending } from '../src/features/plan/pending';
import type { FieldEditOut, PassportOut, TaskOut } from '../src/api/types';
import { DOMAINS, TASK_STATUSES } from '../src/lib/plan-vocabulary';
import { formatDateTime } from '../src/lib/format';
import { arrivedLater, whenText } from '../src/lib/records-text';

const task = (changes: Partial<TaskOut> = {}): TaskOut => ({
  id: 't1',
  title: 'Open a bank account',
  description: '',
  domain: 'money',
  owner: 'pa',
  owner_name: null,
  due_on: '2026-12-01',
  status: 'to_do',
  done_at: null,
  offer_item_id: null,
  offer_item_title: null,
  template_id: 'open-bank-account',
  created_by: 'staff',
  added_by: { kind: 'staff', name: 'Priya', role: 'personal_adviser' },
  version: 3,
  overdue: false,
  notes: [],
  updated_at: '2026-11-20T10:00:00Z',
  ...changes,
});

const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 10, minute));
const edit = (taskId: string, set: object, minute = 0, owner = 'jay') =>
  createItem('task_edit', { task_id: taskId, base_version: 3, set }, at(minute), `op-${taskId}-${minute}`, owner);
const note = (taskId: string, text: string, minute = 0) =>
  createItem('task_note', { task_id: taskId, text }, at(minute), `note-${minute}`, 'jay');

const entry = (changes: Partial<FieldEditOut> = {}): FieldEditOut => ({
  op_id: 'e1',
  at: '2026-11-24T09:00:00Z',
  acted_at: '2026-11-24T09:00:00Z',
  by: { kind: 'staff', name: 'Priya', role: 'personal_adviser' },
  device: null,
  record: 'task',
  record_id: 't1',
  changes: [{ field: 'due_on', before: '2026-12-01', after: '2026-12-08', replaced_unseen: false }],
  ...changes,
});

describe('when a change was made', () => {
  it('shows the phone\'s time, and when it was sent if it waited for a signal', () => {
    const offline = entry({ by: { kind: 'young_person', name: null, role: null }, acted_at: '2026-11-24T08:18:00Z', at: '2026-11-24T09:00:00Z' });
    assert.equal(arrivedLater(offline), true);
    assert.equal(whenText(offline), `${formatDateTime('2026-11-24T08:18:00Z')} (sent ${formatDateTime('2026-11-24T09:00:00Z')})`);
    const online = entry({ acted_at: '2026-11-24T08:59:30Z', device: 'Chrome on Android' });
    assert.equal(arrivedLater(online), false);
    assert.equal(whenText(online), `${formatDateTime('2026-11-24T08:59:30Z')}, on Chrome on Android`);
  });
});

describe('tasks with changes waiting to send', () => {
  it('applies edits and notes in order, and done_at follows the status', () => {
    const ops = [edit('t1', { status: 'done' }, 1), note('t1', 'Went to the bank', 2), edit('t2', { status: 'done' }, 3)];
    const shown = applyPending(task(), ops);
    assert.equal(shown.status, 'done');
    assert.equal(shown.done_at, at(1).toISOString());
    assert.deepEqual(
      shown.notes.map((one) => [one.text, one.by.kind, one.by.name]),
      [['Went to the bank', 'young_person', null]],
    );
    assert.equal(shown.version, 3); // the version stays the phone's copy's
    const undone = applyPending(shown, [edit('t1', { status: 'in_progress' }, 4)]);
    assert.equal(undone.done_at, null);
    assert.equal(applyPending(task({ status: 'done', done_at: 'then' }), [edit('t1', { status: 'done' })]).done_at, 'then');
    // Sent, but the answer was lost: the pulled copy already has the note, so it shows once.
    assert.equal(applyPending(shown, [note('t1', 'Went to the bank', 2)]).notes.length, 1);
  });

  it('shows a task made offline at once, with its own later changes', () => {
    const made = createItem('task_create', { title: 'Learn to cook pasta', domain: 'skills' }, at(1), 'mine', 'jay');
    const outbox: OutboxItem[] = [made, edit('mine', { status: 'in_progress' }, 2), edit('t1', { due_on: '2026-12-05' }, 3)];
    const shown = shownTasks([task()], outbox, 'jay');
    assert.deepEqual(
      shown.map((one) => [one.task.id, one.task.status, one.task.due_on, one.base_version, one.unsent, one.newHere]),
      [
        ['t1', 'to_do', '2026-12-05', 3, true, false],
        ['mine', 'in_progress', null, 1, true, true],
      ],
    );
    assert.equal(shown[1]?.task.created_by, 'young_person');
    // Someone else's waiting changes, and ones the server refused, are not shown.
    const refused = { ...edit('t1', { status: 'done' }, 5), state: 'needs_attention' as const };
    assert.deepEqual(
      shownTasks([task()], [edit('t1', { status: 'done' }, 4, 'sam'), refused], 'jay').map((one) => [one.task.status, one.unsent]),
      [['to_do', false]],
    );
  });

  it('groups tasks into Overdue, Coming up (undated last) and Done so far', () => {
    const shown = (changes: Partial<TaskOut>): ShownTask => ({
      task: task(changes),
      base_version: 1,
      unsent: false,
      newHere: false,
    });
    const groups = groupTasks(
      [
        shown({ id: 'later', due_on: '2026-12-20' }),
        shown({ id: 'undated', due_on: null }),
        shown({ id: 'soon', due_on: '2026-11-24', status: 'in_progress' }),
        shown({ id: 'late', due_on: '2026-11-23' }),
        shown({ id: 'done-late', due_on: '2026-01-01', status: 'done', done_at: '2026-11-01T00:00:00Z' }),
        shown({ id: 'skipped', status: 'not_needed', updated_at: '2026-11-10T00:00:00Z' }),
      ],
      '2026-11-24',
    );
    const ids = (list: ShownTask[]) => list.map((one) => one.task.id);
    assert.deepEqual(ids(groups.overdue), ['late']);
    assert.deepEqual(ids(groups.comingUp), ['soon', 'later', 'undated']);
    assert.deepEqual(ids(groups.done), ['skipped', 'done-late']);
  });

  it("knows the council's today, and lets the young person change only their own task's details", () => {
    const lateEvening = new Date('2026-06-30T23:30:00Z'); // already 1 July in London (BST)
    assert.equal(todayIn('Europe/London', lateEvening), '2026-07-01');
    assert.equal(todayIn('UTC', lateEvening), '2026-06-30');
    assert.match(councilToday('Nowhere/At_All', lateEvening), /^2026-(06-30|07-01)$/); // the phone's own zone
    assert.deepEqual(changedFields(task(), { title: 'New', status: 'done' }), { status: 'done' });
    assert.deepEqual(
      changedFields(task({ created_by: 'young_person' }), { title: 'New', domain: 'money', due_on: null }),
      { title: 'New', due_on: null },
    );
  });

  it('checks a task the young person types, and sends only what they filled in', () => {
    const ok = { title: ' Learn to cook ', description: '', domain: 'skills', due_on: '' };
    assert.deepEqual(taskProblems(ok), {});
    assert.deepEqual(createBody(ok), { title: 'Learn to cook', domain: 'skills' });
    assert.deepEqual(createBody({ ...ok, description: ' Pasta ', due_on: '2026-12-01' }), {
      title: 'Learn to cook',
      domain: 'skills',
      description: 'Pasta',
      due_on: '2026-12-01',
    });
    assert.deepEqual(taskProblems({ title: ' ', description: 'x'.repeat(2001), domain: '', due_on: '2026-02-30' }), {
      title: 'titleMissing',
      description: 'descriptionTooLong',
      domain: 'domainMissing',
      due_on: 'dateWrong',
    });
    assert.equal(taskProblems({ ...ok, title: 'x'.repeat(121) }).title, 'titleTooLong');
  });

  it('has words for every domain, status and problem', () => {
    for (const domain of DOMAINS) assert.ok(catalogueHas(`domain.${domain}`), domain);
    for (const status of TASK_STATUSES) assert.ok(catalogueHas(`taskStatus.${status}`), status);
    for (const owner of ['young_person', 'pa', 'social_worker', 'carer', 'other']) {
      assert.ok(catalogueHas(`taskOwner.${owner}`), owner);
    }
    for (const problem of ['titleMissing', 'titleTooLong', 'descriptionTooLong', 'domainMissing', 'dateWrong']) {
      assert.ok(catalogueHas(`plan.error.${problem}`), problem);
    }
    for (const fields of Object.values(SECTIONS)) {
      for (const field of fields) assert.ok(catalogueHas(`passport.field.${field}`), field);
    }
    assert.ok(catalogueHas('passport.field.shared_with_pa'));
    for (const field of ['status', 'title', 'description', 'domain', 'due_on', 'owner', 'owner_name', 'offer_item_id', 'review_due']) {
      assert.ok(catalogueHas(`records.field.${field}`), field);
    }
    for (const section of Object.keys(SECTIONS)) assert.ok(catalogueHas(`passport.section.${section}`), section);
    for (const problem of ['tooLong', 'phone', 'nhs', 'date']) assert.ok(catalogueHas(`passport.error.${problem}`), problem);
  });

  it('lists a task history oldest first, and says when their PA changed it since they looked', () => {
    const history = [entry({ op_id: 'b', at: '2026-11-24T10:00:00Z' }), entry({ op_id: 'a' }), entry({ op_id: 'c', record_id: 't2' })];
    assert.deepEqual(historyOf(history, 't1').map((one) => one.op_id), ['a', 'b']);
    assert.equal(unseenStaffChange(history, 't1')?.op_id, 'b');
    assert.equal(unseenStaffChange(history, 't1', '2026-11-24T09:30:00Z')?.op_id, 'b');
    assert.equal(unseenStaffChange(history, 't1', '2026-11-24T10:00:00Z'), null);
    const mine = entry({ op_id: 'd', at: '2026-11-24T11:00:00Z', by: { kind: 'young_person', name: null, role: null } });
    assert.equal(unseenStaffChange([...history, mine], 't1'), null); // the latest change is their own
    assert.equal(unseenStaffChange(history, 't3'), null);
  });
});

describe('the passport with changes waiting to send', () => {
  it('applies edits in order; a date set here was recorded by you', () => {
    const first = createItem('passport_edit', { base_version: 0, set: { gp_name: 'Dr Shah', dental_check_next: '2027-01-10' } }, at(1), 'p1', 'jay');
    const second = createItem('passport_edit', { base_version: 0, set: { gp_name: null, shared_with_pa: true } }, at(2), 'p2', 'jay');
    const shown = applyPendingPassport(null, [first, second]);
    assert.equal(shown.gp_name, null);
    assert.equal(shown.dental_check_next, '2027-01-10');
    assert.equal(shown.shared_with_pa, true);
    assert.equal(shown.exists, true);
    assert.equal(shown.version, 0);
    assert.deepEqual(shown.recorded_by.dental_check_next, { kind: 'young_person', name: null, role: null, at: at(1).toISOString() });
    assert.equal((shown.recorded_by as Record<string, unknown>)['gp_name'], undefined);
    const stored: PassportOut = { ...emptyPassport(), exists: true, version: 4, allergies: 'Peanuts' };
    const view = shownPassport(stored, [first, { ...second, owner: 'sam' }], 'jay');
    assert.deepEqual([view.passport.allergies, view.passport.gp_name, view.base_version, view.unsent], ['Peanuts', 'Dr Shah', 4, true]);
  });

  it('checks NHS numbers, phones, dates and lengths; blank empties a field', () => {
    assert.equal(nhsNumberOk('943 476 5919'), true);
    assert.equal(nhsNumberOk('9434765918'), false);
    assert.equal(nhsNumberOk('94347659'), false);
    assert.equal(problemWith('nhs_number', '943 476 5910'), 'nhs');
    assert.equal(problemWith('gp_phone', '+44 (0)20 7946-0000'), null);
    assert.equal(problemWith('gp_phone', 'call me'), 'phone');
    assert.equal(problemWith('gp_name', 'x'.repeat(201)), 'tooLong');
    assert.equal(problemWith('allergies', 'x'.repeat(2001)), 'tooLong');
    assert.equal(problemWith('eye_test_next', '2027-13-01'), 'date');
    assert.equal(problemWith('eye_test_next', ''), null);
    const passport: PassportOut = { ...emptyPassport(), gp_name: 'Dr Shah', nhs_number: '9434765919' };
    assert.deepEqual(passportChanges(passport, { gp_name: ' ', gp_phone: '0123', nhs_number: '943 476 5919' }), {
      gp_name: null,
      gp_phone: '0123',
    });
  });
});

describe('plans and passports on the phone', () => {
  let pushed: { id: string; kind: string; body: unknown }[];

  beforeEach(() => {
    freshDatabase();
    pushed = [];
    mock.method(globalThis, 'fetch', async (url: string, init: RequestInit) => {
      assert.equal(url, PUSH_URL);
      const items = JSON.parse(String(init.body)).items as { id: string; kind: string; body: unknown }[];
      pushed.push(...items);
      return new Response(JSON.stringify({ results: items.map((one) => ({ id: one.id, status: 'accepted' })) }));
    });
  });

  afterEach(() => {
    mock.restoreAll();
    setCurrentOwner(null);
  });

  it('stores a pull per person: the plan, tasks, history and passport, never over another person\'s task', async () => {
    const db = await database();
    await db.put('tasks', { id: 'sams', owner: 'sam', task: task({ id: 'sams' }) });
    await storePull('jay', 'riverford', {
      cursor: 12,
      statements: [],
      replies: [],
      plan: { review_due: '2027-03-01', version: 2 },
      tasks: [task(), task({ id: 'sams', title: 'Not yours' })],
      history: [entry()],
      passport: { ...emptyPassport(), exists: true, version: 1, gp_name: 'Dr Shah' },
    });
    assert.equal(await cursorFor('jay'), 12);
    const jays = await readPlan('jay');
    assert.deepEqual(jays.tasks.map((one) => one.id), ['t1']);
    assert.deepEqual(jays.plan, { review_due: '2027-03-01', version: 2 });
    assert.deepEqual(jays.history.map((one) => one.op_id), ['e1']);
    assert.equal((await readPassport('jay')).passport?.gp_name, 'Dr Shah');
    assert.equal((await db.get('tasks', 'sams'))?.task.title, 'Open a bank account');
    assert.deepEqual((await readPlan('sam')).history, []);
    assert.equal((await readPassport('sam')).passport, null);

    // A later pull without a plan or passport keeps the ones already here.
    await storePull('jay', 'riverford', { cursor: 13, statements: [], replies: [], plan: null, tasks: [], history: [], passport: null });
    assert.equal((await readPlan('jay')).plan?.review_due, '2027-03-01');
    assert.equal((await readPassport('jay')).passport?.gp_name, 'Dr Shah');
  });

  it('saves changes in the outbox, sends each once, and keeps them shown until the next pull', async () => {
    await storePull('jay', 'riverford', { cursor: 1, statements: [], replies: [], tasks: [task()] });
    const [copy] = shownTasks((await readPlan('jay')).tasks, [], 'jay');
    await editTask('jay', copy!, { status: 'done' });
    await addNote('jay', 't1', '  Went to the bank  ');
    const mine = await addTask('jay', { title: 'Learn to cook', description: '', domain: 'skills', due_on: '' });
    await editPassport('jay', 0, { allergies: 'Peanuts' });
    // Nobody signed in yet: nothing is sent, everything shows.
    assert.equal((await listOutbox()).length, 4);
    const shown = shownTasks((await readPlan('jay')).tasks, await listOutbox(), 'jay');
    assert.deepEqual(shown.map((one) => [one.task.id, one.task.status, one.task.notes.length]), [
      ['t1', 'done', 1],
      [mine, 'to_do', 0],
    ]);

    setCurrentOwner('jay');
    await requestFlush();
    assert.deepEqual(pushed.map((one) => one.kind), ['task_edit', 'task_note', 'task_create', 'passport_edit']);
    assert.deepEqual(pushed[0]?.body, { task_id: 't1', base_version: 3, set: { status: 'done' } });
    assert.deepEqual(pushed[1]?.body, { task_id: 't1', text: 'Went to the bank' });
    assert.equal(pushed[2]?.id, mine);
    assert.deepEqual(await listOutbox(), []);
    // Acknowledged: the phone's copies carry the changes until a pull brings the server's.
    const after = shownTasks((await readPlan('jay')).tasks, [], 'jay');
    assert.deepEqual(after.map((one) => [one.task.id, one.task.status, one.task.notes.length, one.task.version]).sort(), [
      [mine, 'to_do', 0, 1],
      ['t1', 'done', 1, 3],
    ]);
    assert.equal((await readPassport('jay')).passport?.allergies, 'Peanuts');
  });

  it('signing out forgets the plan, tasks, passport and history of that person only', async () => {
    const pull = (owner: string, id: string) =>
      storePull(owner, 'riverford', {
        cursor: 5,
        statements: [],
        replies: [],
        plan: { review_due: null, version: 1 },
        tasks: [task({ id })],
        history: [entry({ op_id: `e-${id}`, record_id: id })],
        passport: { ...emptyPassport(), exists: true },
      });
    await pull('jay', 'a');
    await pull('sam', 'b');
    await markSeen('jay', 'a', '2026-11-24T09:00:00Z');
    await markSeen('sam', 'b', '2026-11-24T09:00:00Z');
    assert.deepEqual((await readPlan('jay')).seen, { a: '2026-11-24T09:00:00Z' });
    await forgetPulled('jay');
    assert.deepEqual(await readPlan('jay'), { tasks: [], plan: null, history: [], seen: {} });
    assert.deepEqual((await readPlan('sam')).seen, { b: '2026-11-24T09:00:00Z' });
    assert.equal((await readPassport('jay')).passport, null);
    assert.equal((await readPlan('sam')).tasks.length, 1);
    assert.equal((await readPlan('sam')).history.length, 1);
    assert.notEqual((await readPassport('sam')).passport, null);
  });
});
