import './setup';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csrfToken, requestHeaders } from '../src/core/api';
import { fieldsWithErrors } from '../src/lib/form-errors';
import { weakPin } from '../src/lib/pin';
import { firstName } from '../src/core/session';
import { auditQuery, NO_FILTERS } from '../src/staff/audit';
import { isoDate } from '../src/staff/dates';

describe('signing in', () => {
  it('reads the CSRF token from its cookie, over http or https', () => {
    assert.equal(csrfToken('a=1; harbour_csrf=abc-123'), 'abc-123');
    assert.equal(csrfToken('__Host-harbour_csrf=xyz=='), 'xyz==');
    assert.equal(csrfToken('harbour_session=secret'), null);
    assert.equal(csrfToken(''), null);
  });

  it('sends no CSRF header on reads, nor when signed out', () => {
    assert.equal(requestHeaders('GET', false)['X-CSRF-Token'], undefined);
    assert.equal(requestHeaders('POST', true)['X-CSRF-Token'], undefined); // no cookie here
    assert.equal(requestHeaders('POST', true)['content-type'], 'application/json');
  });

  it('refuses the PINs the server refuses', () => {
    for (const pin of ['111111', '123456', '654321', '135789', '1234567890', '0987654321']) {
      assert.equal(weakPin(pin), true, pin);
    }
    for (const pin of ['135790', '246810', '907153', '112233']) assert.equal(weakPin(pin), false, pin);
  });

  it("finds the form's fields the server named", () => {
    const fields = { name: 'body.preferred_name', dob: 'body.date_of_birth', secret: 'body.secret' };
    const errors = [
      { field: 'body.date_of_birth', message: 'too old' },
      { field: 'body.secret.pin.pin', message: 'pattern' },
    ];
    assert.deepEqual(fieldsWithErrors(errors, fields), ['dob', 'secret']);
    assert.deepEqual(fieldsWithErrors([{ field: 'body.secretive', message: '' }], fields), []);
  });

  it('greets people by their first name', () => {
    assert.equal(firstName('Priya Shah'), 'Priya');
    assert.equal(firstName('  Jay '), 'Jay');
  });
});

describe('staff pages', () => {
  it('reads a typed date of birth, or refuses it', () => {
    assert.equal(isoDate('27', '3', '2008'), '2008-03-27');
    assert.equal(isoDate('31', '2', '2008'), null);
    assert.equal(isoDate('1', '1', '08'), null);
    assert.equal(isoDate('', 'x', '2008'), null);
  });

  it('asks the audit trail for whole days, and only the filters chosen', () => {
    assert.equal(auditQuery(NO_FILTERS), '/api/v1/audit');
    const query = new URL(auditQuery({ who: 'id-1', what: 'sign_in', from: '2026-11-01', to: '2026-11-02' }, 'e9'), 'http://localhost');
    assert.equal(query.searchParams.get('actor_id'), 'id-1');
    assert.equal(query.searchParams.get('action'), 'sign_in');
    assert.equal(query.searchParams.get('before'), 'e9');
    const since = new Date(query.searchParams.get('since') ?? '');
    const until = new Date(query.searchParams.get('until') ?? '');
    assert.equal(since.getDate(), 1);
    assert.equal(until.getDate(), 3); // before the start of the day after "to"
    assert.equal(until.getHours(), 0);
  });
});
