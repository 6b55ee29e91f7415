import './setup';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../src/core/api';
import { passkeyError } from '../src/lib/form-errors';
import { t } from '../src/core/i18n';
import { base64urlToBytes, bytesToBase64url, creationOptions, deviceLabel, requestOptions } from '../src/lib/passkey';

const bytes = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)];

describe('passkeys', () => {
  it('turns base64url into bytes and back, for every padding length', () => {
    for (const length of [0, 1, 2, 3, 4, 31, 32, 33]) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 97 + 251) % 256);
      const text = bytesToBase64url(data.buffer);
      assert.doesNotMatch(text, /[+/=]/);
      assert.deepEqual(bytes(base64urlToBytes(text)), [...data]);
    }
    assert.deepEqual(bytes(base64urlToBytes('-_8')), [0xfb, 0xff]);
  });

  it("turns the server's creation options into the browser's, keeping the rest", () => {
    const options = creationOptions({
      rp: { id: 'localhost', name: 'Harbour' },
      user: { id: 'AQID', name: 'jo', displayName: 'Jo' },
      challenge: 'BAUG',
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      excludeCredentials: [{ id: 'BwgJ', type: 'public-key' }],
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    assert.deepEqual(bytes(options.user.id as ArrayBuffer), [1, 2, 3]);
    assert.equal(options.user.displayName, 'Jo');
    assert.deepEqual(bytes(options.challenge as ArrayBuffer), [4, 5, 6]);
    assert.deepEqual(bytes(options.excludeCredentials?.[0]?.id as ArrayBuffer), [7, 8, 9]);
    assert.equal(options.authenticatorSelection?.userVerification, 'required');
    assert.equal(options.rp.id, 'localhost');
  });

  it('asks for any passkey the phone holds when the server names none', () => {
    const options = requestOptions({ challenge: 'BAUG', rpId: 'localhost', userVerification: 'required' });
    assert.deepEqual(options.allowCredentials, []);
    assert.deepEqual(bytes(options.challenge as ArrayBuffer), [4, 5, 6]);
    assert.equal(options.userVerification, 'required');
  });

  it('names the device in words the person knows', () => {
    const android = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/131 Mobile';
    assert.equal(t(deviceLabel(android)), 'Android phone');
    assert.equal(t(deviceLabel('Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)')), 'iPhone');
    assert.equal(t(deviceLabel('curl/8')), 'Phone or computer');
  });

  it('says what went wrong: cancelled, already there, or refused by the server', () => {
    const dom = (name: string) => Object.assign(new Error(name), { name });
    assert.equal(passkeyError(dom('NotAllowedError'), 'signIn'), t('passkeys.error.signInCancelled'));
    assert.equal(passkeyError(dom('InvalidStateError'), 'add'), t('passkeys.error.already'));
    assert.equal(passkeyError(new ApiError(401, 'passkey_refused'), 'signIn'), t('passkeys.error.signInRefused'));
    assert.equal(passkeyError(new ApiError(0, 'network'), 'add'), t('form.offline'));
    assert.equal(passkeyError(dom('SecurityError'), 'add'), t('passkeys.error.addFailed'));
  });
});
