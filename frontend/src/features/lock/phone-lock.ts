// The phone's own screen lock as a second way into the app lock (decision 020): a WebAuthn
// credential on the phone's platform authenticator whose PRF extension gives a secret only
// after the phone checks the person (fingerprint, face or the phone's own PIN). The data key
// is wrapped a second time under a key made from that secret; the secret itself is never
// kept. The lock code stays the way in that always works. Only ever imported dynamically (by
// lock.ts, which keeps the record, and the Lock Harbour page), and on purpose free of the core
// modules: importing them here would split the first load's shared chunk.
import { toBase64url } from './envelope';
import { random, unwrapUnderSecret, wrapUnderSecret, type PhoneWrappedKey } from './keys';

/** Short and neutral: some phones show it when asking for the screen lock. */
const USER_NAME = 'Harbour lock';

/** Whether this phone has a screen lock WebAuthn can ask for, and its browser does not say it
 * lacks PRF (browsers that cannot say are tried: adding then finds out). */
export async function phoneLockAvailable(): Promise<boolean> {
  if (typeof PublicKeyCredential === 'undefined') return false;
  try {
    if (!(await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable())) return false;
    if (!('getClientCapabilities' in PublicKeyCredential)) return true;
    return (await PublicKeyCredential.getClientCapabilities())['extension:prf'] !== false;
  } catch {
    return false;
  }
}

/** The PRF secret for `salt`, once the phone has checked the person with its screen lock. */
async function prfSecret(credentialId: Uint8Array<ArrayBuffer>, salt: Uint8Array<ArrayBuffer>): Promise<BufferSource | undefined> {
  const credential = (await navigator.credentials.get({
    publicKey: {
      challenge: random(32), // nobody checks the signature: only the PRF secret matters
      allowCredentials: [{ type: 'public-key', id: credentialId, transports: ['internal'] }],
      userVerification: 'required',
      extensions: { prf: { eval: { first: salt } } },
    },
  })) as PublicKeyCredential | null;
  return credential?.getClientExtensionResults().prf?.results?.first;
}

/** Asks the phone to forget a credential Harbour no longer uses (where it can; phones that
 * list it as a passkey take it off that list). */
export function forgetCredential(credentialId: Uint8Array): void {
  if (!('signalUnknownCredential' in PublicKeyCredential)) return;
  const options = { rpId: location.hostname, credentialId: toBase64url(credentialId) };
  void PublicKeyCredential.signalUnknownCredential(options).catch(() => undefined);
}

/** A credential for Harbour's lock on the phone's screen lock, asked to evaluate the PRF at
 * `salt`; null when the person cancels or the phone refuses. */
async function newCredential(salt: Uint8Array<ArrayBuffer>): Promise<PublicKeyCredential | null> {
  try {
    return (await navigator.credentials.create({
      publicKey: {
        rp: { name: 'Harbour' },
        user: { id: random(16), name: USER_NAME, displayName: USER_NAME },
        challenge: random(32), // as for prfSecret: nothing is checked by a server
        pubKeyCredParams: [
          { type: 'public-key', alg: -7 },
          { type: 'public-key', alg: -257 },
        ],
        // Not discoverable, so it does not join the phone's list of passkeys.
        authenticatorSelection: { authenticatorAttachment: 'platform', residentKey: 'discouraged', userVerification: 'required' },
        attestation: 'none',
        extensions: { prf: { eval: { first: salt } } },
      },
    })) as PublicKeyCredential | null;
  } catch {
    return null;
  }
}

/** unsupported: the phone made no PRF (nothing kept); failed: cancelled or refused. */
export type PhoneRefusal = 'unsupported' | 'failed';

/** `dataKey` wrapped under a new credential's PRF secret, once the phone has checked the
 * person (most phones ask twice: to make the credential, then for its secret). */
export async function wrapForPhone(dataKey: Uint8Array): Promise<PhoneWrappedKey | PhoneRefusal> {
  const salt = random(32);
  const credential = await newCredential(salt);
  if (!credential) return 'failed';
  const credentialId = new Uint8Array(credential.rawId);
  const prf = credential.getClientExtensionResults().prf;
  if (!prf?.enabled && !prf?.results) {
    forgetCredential(credentialId);
    return 'unsupported';
  }
  const secret = prf.results?.first ?? (await prfSecret(credentialId, salt).catch(() => undefined));
  if (!secret) {
    forgetCredential(credentialId);
    return 'failed';
  }
  return { credentialId, salt, wrapped: await wrapUnderSecret(dataKey, secret) };
}

/** The data key, or null when the phone did not give the secret (refused, cancelled, no
 * PRF) or it is not the one the key was wrapped under. */
export async function unwrapWithPhone(phone: PhoneWrappedKey): Promise<Uint8Array | null> {
  const secret = await prfSecret(phone.credentialId, phone.salt).catch(() => undefined);
  return secret ? unwrapUnderSecret(phone.wrapped, secret) : null;
}
