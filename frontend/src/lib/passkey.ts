// Passkeys (WebAuthn). The server sends options as JSON with base64url fields, and wants the
// browser's answer back in the same form; this module turns one into the other. Views load it
// with a dynamic import when someone adds or uses a passkey, so it costs the first page
// nothing.
import { send } from '../core/api';
import { t, type MessageKey } from '../core/i18n';
import type { Me, PasskeyOut } from '../api/types';
import { authPaths } from '../core/session';

type Json = Record<string, unknown>;
interface Started {
  challenge_id: string;
  options: Json;
}

export function base64urlToBytes(text: string): ArrayBuffer {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

export function bytesToBase64url(buffer: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

type Descriptor = { id: string; type: string; transports?: string[] };
const descriptors = (list: unknown): PublicKeyCredentialDescriptor[] =>
  ((list as Descriptor[] | undefined) ?? []).map((item) => ({
    ...item,
    type: 'public-key',
    id: base64urlToBytes(item.id),
  })) as PublicKeyCredentialDescriptor[];

/** navigator.credentials.create()'s options from the server's JSON. */
export function creationOptions(json: Json): PublicKeyCredentialCreationOptions {
  const user = json['user'] as Json;
  return {
    ...(json as unknown as PublicKeyCredentialCreationOptions),
    challenge: base64urlToBytes(json['challenge'] as string),
    user: { ...(user as unknown as PublicKeyCredentialUserEntity), id: base64urlToBytes(user['id'] as string) },
    excludeCredentials: descriptors(json['excludeCredentials']),
  };
}

/** navigator.credentials.get()'s options from the server's JSON. */
export function requestOptions(json: Json): PublicKeyCredentialRequestOptions {
  return {
    ...(json as unknown as PublicKeyCredentialRequestOptions),
    challenge: base64urlToBytes(json['challenge'] as string),
    allowCredentials: descriptors(json['allowCredentials']),
  };
}

/** The browser's answer as the JSON the server (and WebAuthn's own toJSON) uses. */
export function credentialJson(credential: PublicKeyCredential): Json {
  const answer = credential.response;
  const response: Json = { clientDataJSON: bytesToBase64url(answer.clientDataJSON) };
  if ('attestationObject' in answer) {
    const attestation = answer as AuthenticatorAttestationResponse;
    response['attestationObject'] = bytesToBase64url(attestation.attestationObject);
    response['transports'] = attestation.getTransports?.() ?? [];
  } else {
    const assertion = answer as AuthenticatorAssertionResponse;
    response['authenticatorData'] = bytesToBase64url(assertion.authenticatorData);
    response['signature'] = bytesToBase64url(assertion.signature);
    if (assertion.userHandle) response['userHandle'] = bytesToBase64url(assertion.userHandle);
  }
  return {
    id: credential.id,
    rawId: bytesToBase64url(credential.rawId),
    type: credential.type,
    response,
    clientExtensionResults: credential.getClientExtensionResults(),
    authenticatorAttachment: credential.authenticatorAttachment ?? null,
  };
}

/** A name for this device that the person will recognise in their list of passkeys. */
export function deviceLabel(userAgent: string): MessageKey {
  if (/iPhone/.test(userAgent)) return 'passkeys.device.iphone';
  if (/iPad/.test(userAgent)) return 'passkeys.device.ipad';
  if (/Android/.test(userAgent)) return 'passkeys.device.android';
  if (/CrOS/.test(userAgent)) return 'passkeys.device.chromebook';
  if (/Macintosh/.test(userAgent)) return 'passkeys.device.mac';
  if (/Windows/.test(userAgent)) return 'passkeys.device.windows';
  return 'passkeys.device.other';
}

/** Adds a passkey on this device for the signed-in young person. */
export async function addPasskey(): Promise<PasskeyOut> {
  const label = t(deviceLabel(navigator.userAgent));
  const started = await send<Started>('POST', authPaths.passkeyRegistration);
  const credential = await navigator.credentials.create({ publicKey: creationOptions(started.options) });
  return send<PasskeyOut>('POST', authPaths.passkeys, {
    challenge_id: started.challenge_id,
    label,
    credential: credentialJson(credential as PublicKeyCredential),
  });
}

/** Signs in to `council` with whichever of its passkeys the phone offers. */
export async function signInWithPasskey(council: string): Promise<Me> {
  const started = await send<Started>('POST', authPaths.passkeySignInOptions, { council });
  const credential = await navigator.credentials.get({ publicKey: requestOptions(started.options) });
  return send<Me>('POST', authPaths.passkeySignIn, {
    challenge_id: started.challenge_id,
    credential: credentialJson(credential as PublicKeyCredential),
  });
}
