// The app lock's keys (decision 020). The data key is random and lives in memory only while
// unlocked; it is kept wrapped under a key made from the lock code with PBKDF2-SHA256 (slow on
// purpose), and, if the person adds it, a second time under a key made with HKDF from their
// phone's screen lock (a WebAuthn PRF secret, phone-lock.ts). Rows are sealed with
// @noble/ciphers' AES-GCM because it is synchronous: an IndexedDB transaction commits across
// an await, so WebCrypto cannot seal inside a put.
import { gcm } from '@noble/ciphers/aes.js';
import type { Sealer } from '../../core/db';

export const ITERATIONS = 600_000;
const IV = 12;
const WRAPPING = new TextEncoder().encode('harbour lock code v1');
/** HKDF's info for the phone's screen lock, and the additional data of what it wraps. */
const PHONE_WRAPPING = new TextEncoder().encode('harbour phone lock v1');

/** The data key wrapped under the lock code, as kept in "meta" (nothing secret in clear). */
export interface WrappedKey {
  salt: Uint8Array;
  iterations: number;
  /** IV, then AES-GCM of the data key. */
  wrapped: Uint8Array;
}

/** The data key wrapped under the phone's screen lock, kept beside the code's copy. The PRF
 * secret it is wrapped under is never kept: only the phone can give it again. */
export interface PhoneWrappedKey {
  /** The WebAuthn credential the phone made for Harbour's lock. */
  credentialId: Uint8Array<ArrayBuffer>;
  /** What the PRF is asked to evaluate (random, not secret). */
  salt: Uint8Array<ArrayBuffer>;
  /** IV, then AES-GCM of the data key. */
  wrapped: Uint8Array<ArrayBuffer>;
}

export function random(bytes: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(bytes));
}

function joined(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function newDataKey(): Uint8Array {
  return random(32);
}

/** Seals each row under the data key with a fresh IV, bound to the row's additional data. */
export function sealerFor(key: Uint8Array): Sealer {
  return {
    seal: (plain, ad) => {
      const iv = random(IV);
      return joined(iv, gcm(key, iv, ad).encrypt(plain));
    },
    open: (sealed, ad) => gcm(key, sealed.subarray(0, IV), ad).decrypt(sealed.subarray(IV)),
  };
}

async function codeKey(code: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(code), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', salt, iterations, hash: 'SHA-256' },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** `dataKey` under `kek`: IV, then AES-GCM bound to `label`. */
async function wrapUnder(kek: CryptoKey, dataKey: Uint8Array, label: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const iv = random(IV);
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: label }, kek, joined(dataKey));
  return joined(iv, new Uint8Array(sealed));
}

/** The data key, or null when `kek` is not the key it was wrapped under. */
async function unwrapUnder(kek: CryptoKey, wrapped: Uint8Array, label: Uint8Array<ArrayBuffer>): Promise<Uint8Array | null> {
  try {
    const iv = joined(wrapped.subarray(0, IV));
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: label }, kek, joined(wrapped.subarray(IV)));
    return new Uint8Array(plain);
  } catch {
    return null;
  }
}

export async function wrapKey(dataKey: Uint8Array, code: string, iterations = ITERATIONS): Promise<WrappedKey> {
  const salt = random(16);
  const wrapped = await wrapUnder(await codeKey(code, salt, iterations), dataKey, WRAPPING);
  return { salt, iterations, wrapped };
}

/** The data key, or null when `code` is not the lock code. */
export async function unwrapKey(kept: WrappedKey, code: string): Promise<Uint8Array | null> {
  return unwrapUnder(await codeKey(code, joined(kept.salt), kept.iterations), kept.wrapped, WRAPPING);
}

/** A key from the phone's PRF secret (already uniformly random, so HKDF, not a slow KDF). */
async function secretKey(secret: BufferSource): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: PHONE_WRAPPING },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** `dataKey` wrapped under the phone's PRF secret: IV, then AES-GCM. */
export async function wrapUnderSecret(dataKey: Uint8Array, secret: BufferSource): Promise<Uint8Array<ArrayBuffer>> {
  return wrapUnder(await secretKey(secret), dataKey, PHONE_WRAPPING);
}

/** The data key, or null when `secret` is not the one it was wrapped under. */
export async function unwrapUnderSecret(wrapped: Uint8Array, secret: BufferSource): Promise<Uint8Array | null> {
  return unwrapUnder(await secretKey(secret), wrapped, PHONE_WRAPPING);
}
