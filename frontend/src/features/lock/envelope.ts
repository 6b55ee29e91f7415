// An outbox body sealed to the server's public key (decision 020; the format is described by
// `sealed_body` in the API): ECDH P-256 with a one-time key, HKDF-SHA256, AES-256-GCM bound to
// the item's id and kind. The phone can make it but never open it again. WebCrypto only.
import type { OutboxItem } from '../../core/outbox';

const INFO = new TextEncoder().encode('harbour sealed body v1');
const VERSION = 1;

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

export function toBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function sealForServer(publicKey: string, item: Pick<OutboxItem, 'id' | 'kind' | 'body'>): Promise<string> {
  const curve = { name: 'ECDH', namedCurve: 'P-256' };
  const server = await crypto.subtle.importKey('raw', fromBase64url(publicKey), curve, false, []);
  const own = (await crypto.subtle.generateKey(curve, true, ['deriveBits'])) as CryptoKeyPair;
  const point = new Uint8Array(await crypto.subtle.exportKey('raw', own.publicKey));
  const secret = await crypto.subtle.deriveBits({ name: 'ECDH', public: server }, own.privateKey, 256);
  const hkdf = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  const key = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: point, info: INFO },
    hkdf,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt'],
  );
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const additionalData = new TextEncoder().encode(`${item.id}:${item.kind}`);
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, new TextEncoder().encode(JSON.stringify(item.body))));
  const envelope = new Uint8Array(1 + point.length + iv.length + sealed.length);
  envelope.set([VERSION], 0);
  envelope.set(point, 1);
  envelope.set(iv, 1 + point.length);
  envelope.set(sealed, 1 + point.length + iv.length);
  return toBase64url(envelope);
}
