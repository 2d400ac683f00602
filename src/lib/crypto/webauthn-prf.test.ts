import { describe, expect, it } from 'vitest';
import { generateDataKey, randomBytes, unwrapDataKey, wrapDataKey } from './key-wrap.ts';
import {
	enrolPrfCredential,
	evaluatePrf,
	prfMayBeAvailable,
	prfWrappingKey,
	type PrfEnvironment
} from './webauthn-prf.ts';

/** A platform authenticator whose PRF is HMAC-SHA-256 under a secret it never shows. */
async function fakeAuthenticator(options: { prfAtCreate: boolean; prf: boolean }) {
	const secret = await crypto.subtle.importKey(
		'raw',
		randomBytes(32),
		{ name: 'HMAC', hash: 'SHA-256' },
		false,
		['sign']
	);
	const rawId = randomBytes(16).buffer;
	const asked: string[] = [];
	const prfOf = (first: BufferSource) => crypto.subtle.sign('HMAC', secret, first);
	const credential = (results: Record<string, unknown>) =>
		({ rawId, getClientExtensionResults: () => results }) as unknown as Credential;
	const env: PrfEnvironment = {
		rpId: 'wardline.example',
		publicKeyCredential: {
			isUserVerifyingPlatformAuthenticatorAvailable: () => Promise.resolve(true),
			getClientCapabilities: () => Promise.resolve({ 'extension:prf': options.prf })
		},
		credentials: {
			async create(init) {
				asked.push('create');
				const first = init?.publicKey?.extensions?.prf?.eval?.first as BufferSource;
				if (!options.prf) return credential({});
				return credential({
					prf: options.prfAtCreate
						? { enabled: true, results: { first: await prfOf(first) } }
						: { enabled: true }
				});
			},
			async get(init) {
				asked.push('get');
				expect(init?.publicKey?.userVerification).toBe('required');
				const first = init?.publicKey?.extensions?.prf?.eval?.first as BufferSource;
				return credential({ prf: { results: { first: await prfOf(first) } } });
			}
		}
	};
	return { env, asked };
}

describe('WebAuthn PRF', () => {
	it('enrols, then gives the same output again for the stored credential and salt', async () => {
		const { env } = await fakeAuthenticator({ prfAtCreate: true, prf: true });
		expect(await prfMayBeAvailable(env)).toBe(true);
		const enrolled = await enrolPrfCredential(env, { id: 'u1', name: 'cllr', displayName: 'Cllr' });
		if (!enrolled.ok) throw new Error(enrolled.reason);
		expect(enrolled.value.output).toHaveLength(32);
		const again = await evaluatePrf(env, enrolled.value);
		expect(again.ok && Buffer.from(again.value).equals(Buffer.from(enrolled.value.output))).toBe(
			true
		);
	});

	it('asks again with get() when the authenticator gives no output at creation', async () => {
		const { env, asked } = await fakeAuthenticator({ prfAtCreate: false, prf: true });
		const enrolled = await enrolPrfCredential(env, { id: 'u1', name: 'c', displayName: 'C' });
		expect(enrolled.ok).toBe(true);
		expect(asked).toEqual(['create', 'get']);
	});

	it('says plainly when the tablet has no PRF', async () => {
		const { env } = await fakeAuthenticator({ prfAtCreate: false, prf: false });
		expect(await prfMayBeAvailable(env)).toBe(false);
		expect(await prfMayBeAvailable(null)).toBe(false);
		const enrolled = await enrolPrfCredential(env, { id: 'u1', name: 'c', displayName: 'C' });
		expect(enrolled).toMatchObject({ ok: false, reason: expect.stringMatching(/cannot unlock/) });
	});

	it('HKDF of a PRF output wraps the data key; another output or salt does not unwrap it', async () => {
		const output = randomBytes(32);
		const salt = randomBytes(16);
		const dataKey = await generateDataKey();
		const wrapped = await wrapDataKey(dataKey, await prfWrappingKey(output, salt));
		expect(await unwrapDataKey(wrapped, await prfWrappingKey(output, salt))).not.toBeNull();
		expect(await unwrapDataKey(wrapped, await prfWrappingKey(randomBytes(32), salt))).toBeNull();
		expect(await unwrapDataKey(wrapped, await prfWrappingKey(output, randomBytes(16)))).toBeNull();
	});
});
