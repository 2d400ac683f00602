// Face ID / fingerprint unlock through WebAuthn's PRF extension: the platform authenticator
// gives the same 32 secret bytes for our credential and salt after user verification; HKDF
// turns them into a key that wraps the data key. No server: the credential is used locally only.
import { hkdfInfo, hkdfWrappingKey, randomBytes } from './key-wrap.ts';

/** The parts of the browser this needs, handed in (navigator.credentials, PublicKeyCredential). */
export interface PrfEnvironment {
	credentials: Pick<CredentialsContainer, 'create' | 'get'>;
	publicKeyCredential?: {
		isUserVerifyingPlatformAuthenticatorAvailable(): Promise<boolean>;
		getClientCapabilities?(): Promise<Record<string, boolean | undefined>>;
	};
	/** The site's host name, the WebAuthn relying party id. */
	rpId: string;
}

/** What is kept to ask the authenticator again: which credential, and the PRF input. */
export interface PrfEnrolment {
	credentialId: Uint8Array<ArrayBuffer>;
	prfSalt: Uint8Array<ArrayBuffer>;
}

export type PrfOutcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Whether this tablet has a platform authenticator that may give PRF outputs. */
export async function prfMayBeAvailable(env: PrfEnvironment | null): Promise<boolean> {
	const pkc = env?.publicKeyCredential;
	if (!pkc) return false;
	try {
		if (!(await pkc.isUserVerifyingPlatformAuthenticatorAvailable())) return false;
		// Browsers that can say so (Chrome 133+, Safari 18) answer exactly; others we try at enrolment.
		const capabilities = await pkc.getClientCapabilities?.();
		return capabilities?.['extension:prf'] !== false;
	} catch {
		return false;
	}
}

function prfFirst(credential: Credential | null): {
	enabled: boolean;
	first: ArrayBuffer | null;
} {
	const results = (credential as PublicKeyCredential | null)?.getClientExtensionResults().prf;
	const first = results?.results?.first;
	return {
		enabled: results?.enabled === true || first !== undefined,
		first:
			first instanceof ArrayBuffer
				? first
				: first
					? new Uint8Array(first as Uint8Array).buffer
					: null
	};
}

const cancelled =
	'Face ID or fingerprint was cancelled or not recognised. Try again, or use your passphrase.';

/** Asks the platform authenticator for the PRF output of our credential. */
export async function evaluatePrf(
	env: PrfEnvironment,
	enrolment: PrfEnrolment
): Promise<PrfOutcome<Uint8Array<ArrayBuffer>>> {
	try {
		const credential = await env.credentials.get({
			publicKey: {
				// Nothing is verified by a server, so the challenge only has to be fresh.
				challenge: randomBytes(32),
				rpId: env.rpId,
				allowCredentials: [{ type: 'public-key', id: enrolment.credentialId }],
				// The PRF differs with and without user verification: always require it.
				userVerification: 'required',
				timeout: 60_000,
				extensions: { prf: { eval: { first: enrolment.prfSalt } } }
			}
		});
		const { first } = prfFirst(credential);
		if (!first)
			return { ok: false, reason: 'This tablet did not give the secret needed to unlock.' };
		return { ok: true, value: new Uint8Array(first) };
	} catch {
		return { ok: false, reason: cancelled };
	}
}

/** Makes a platform credential with the PRF extension and gets its first output. */
export async function enrolPrfCredential(
	env: PrfEnvironment,
	user: { id: string; name: string; displayName: string }
): Promise<PrfOutcome<PrfEnrolment & { output: Uint8Array<ArrayBuffer> }>> {
	const prfSalt = randomBytes(32);
	let created: Credential | null;
	try {
		created = await env.credentials.create({
			publicKey: {
				rp: { id: env.rpId, name: 'Wardline' },
				user: {
					id: new TextEncoder().encode(user.id),
					name: user.name,
					displayName: user.displayName
				},
				challenge: randomBytes(32),
				pubKeyCredParams: [
					{ type: 'public-key', alg: -7 },
					{ type: 'public-key', alg: -257 }
				],
				authenticatorSelection: {
					authenticatorAttachment: 'platform',
					userVerification: 'required',
					residentKey: 'discouraged'
				},
				timeout: 60_000,
				extensions: { prf: { eval: { first: prfSalt } } }
			}
		});
	} catch {
		return { ok: false, reason: cancelled };
	}
	const credentialId = new Uint8Array(
		(created as PublicKeyCredential | null)?.rawId ?? new ArrayBuffer(0)
	);
	const atCreation = prfFirst(created);
	if (!atCreation.enabled || credentialId.length === 0)
		return {
			ok: false,
			reason:
				'This tablet cannot unlock Wardline with Face ID or a fingerprint. Keep using your passphrase.'
		};
	if (atCreation.first)
		return { ok: true, value: { credentialId, prfSalt, output: new Uint8Array(atCreation.first) } };
	// Some authenticators only evaluate the PRF when asked to sign in, not when created.
	const evaluated = await evaluatePrf(env, { credentialId, prfSalt });
	return evaluated.ok
		? { ok: true, value: { credentialId, prfSalt, output: evaluated.value } }
		: evaluated;
}

/** The AES-KW key that wraps the data key for this PRF output. */
export function prfWrappingKey(
	prfOutput: Uint8Array<ArrayBuffer>,
	hkdfSalt: Uint8Array<ArrayBuffer>
): Promise<CryptoKey> {
	if (prfOutput.length < 32) throw new Error('A PRF output has 32 bytes.');
	return hkdfWrappingKey(prfOutput, hkdfSalt, hkdfInfo.prf);
}
