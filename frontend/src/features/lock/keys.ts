// The app lock's keys (decision 020). The data key is random and lives in memory only while
// unlocked; it is kept wrapped under a key made from the lock code with PBKDF2-SHA256 (slow on
// purpose). Rows are sealed with @noble/ciphers' AES-GCM because it is synchronous: an
// IndexedDB transaction commits across an await, so WebCrypto cannot seal inside a put.
import { gcm } from '@noble/ciphers/aes.js';
import type { Sealer } from '../../core/db';

export const ITERATIONS = 600_000;
const IV = 12;
const WRAPPING = new TextEncoder().encode('harbour lock code v1');

/** The data key wrapped under the lock code, as kept in "meta" (nothing secret in clear). */
export interface WrappedKey {
  salt: Uint8Array;
  iterations: number;
  /** IV, then AES-GCM of the data key. */
  wrapped: Uint8Array;
}

function random(bytes: number): Uint8Array<ArrayBuffer> {
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

export async function wrapKey(dataKey: Uint8Array, code: string, iterations = ITERATIONS): Promise<WrappedKey> {
  const salt = random(16);
  const iv = random(IV);
  const kek = await codeKey(code, salt, iterations);
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: WRAPPING }, kek, joined(dataKey));
  return { salt, iterations, wrapped: joined(iv, new Uint8Array(sealed)) };
}

/** The data key, or null when `code` is not the lock code. */
export async function unwrapKey(kept: WrappedKey, code: string): Promise<Uint8Array | null> {
  const kek = await codeKey(code, joined(kept.salt), kept.iterations);
  try {
    const iv = joined(kept.wrapped.subarray(0, IV));
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: WRAPPING }, kek, joined(kept.wrapped.subarray(IV)));
    return new Uint8Array(plain);
  } catch {
    return null;
  }
}
