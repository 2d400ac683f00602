// The data key and its wraps: a random AES-GCM 256 key, wrapped with AES-KW (RFC 3394) under
// each unlocking secret's key-encryption key; a wrong key-encryption key fails the integrity check.

/** A new data key. Extractable only so it can be wrapped; the copy kept in memory is not. */
export async function generateDataKey(): Promise<CryptoKey> {
	return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
}

export async function wrapDataKey(
	dataKey: CryptoKey,
	wrappingKey: CryptoKey
): Promise<ArrayBuffer> {
	return crypto.subtle.wrapKey('raw', dataKey, wrappingKey, 'AES-KW');
}

/**
 * The data key from a wrap, or null when the wrapping key is not the one it was wrapped with
 * (a wrong passphrase). `extractable` only while re-wrapping it under a new secret.
 */
export async function unwrapDataKey(
	wrapped: ArrayBuffer,
	wrappingKey: CryptoKey,
	extractable = false
): Promise<CryptoKey | null> {
	try {
		return await crypto.subtle.unwrapKey(
			'raw',
			wrapped,
			wrappingKey,
			'AES-KW',
			{ name: 'AES-GCM', length: 256 },
			extractable,
			['encrypt', 'decrypt']
		);
	} catch (error) {
		if (error instanceof Error && error.name === 'OperationError') return null;
		throw error;
	}
}

/**
 * A key-encryption key from a high-entropy secret (the server's recovery secret, a WebAuthn PRF
 * output): HKDF-SHA-256 with a per-wrap salt and a label saying what the key is for.
 */
export async function hkdfWrappingKey(
	secret: BufferSource,
	salt: BufferSource,
	info: string
): Promise<CryptoKey> {
	const material = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
	return crypto.subtle.deriveKey(
		{ name: 'HKDF', hash: 'SHA-256', salt, info: new TextEncoder().encode(info) },
		material,
		{ name: 'AES-KW', length: 256 },
		false,
		['wrapKey', 'unwrapKey']
	);
}

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
	return crypto.getRandomValues(new Uint8Array(length));
}

/** The labels that keep a recovery key and a PRF key apart even from the same bytes. */
export const hkdfInfo = {
	recovery: 'wardline/recovery-wrap/v1',
	prf: 'wardline/prf-wrap/v1'
} as const;
