// The Member's passphrase: the rule it must meet, and PBKDF2-SHA-256 (600,000 iterations, the
// OWASP 2023 figure) from it to the key that wraps the data key.

export const minPassphraseLength = 8;
export const pbkdf2Iterations = 600_000;
export const saltBytes = 16;

/** How the passphrase's wrapping key was made; kept with the wrap so it can be made again. */
export interface PassphraseKdf {
	kdf: 'PBKDF2';
	hash: 'SHA-256';
	iterations: number;
	salt: Uint8Array<ArrayBuffer>;
}

export type PassphraseCheck = { ok: true } | { ok: false; reason: string };

/**
 * At least 8 characters and not only digits. Whoever copies the tablet's storage can try
 * every 6-digit PIN in minutes even at 600,000 iterations; a few words take centuries.
 */
export function checkPassphrase(passphrase: string): PassphraseCheck {
	const trimmed = passphrase.trim();
	if ([...trimmed].length < minPassphraseLength)
		return { ok: false, reason: `Use at least ${minPassphraseLength} characters.` };
	if (/^[\d\s]+$/.test(trimmed))
		return {
			ok: false,
			reason:
				'Use some letters or words, not only numbers: a number-only passphrase can be guessed by trying every number.'
		};
	return { ok: true };
}

export function newPassphraseKdf(): PassphraseKdf {
	return {
		kdf: 'PBKDF2',
		hash: 'SHA-256',
		iterations: pbkdf2Iterations,
		salt: crypto.getRandomValues(new Uint8Array(saltBytes))
	};
}

/** The AES-KW key for a passphrase (NFC-normalised, so every keyboard gives the same bytes). */
export async function passphraseWrappingKey(
	passphrase: string,
	params: PassphraseKdf
): Promise<CryptoKey> {
	const material = await crypto.subtle.importKey(
		'raw',
		new TextEncoder().encode(passphrase.normalize('NFC')),
		'PBKDF2',
		false,
		['deriveKey']
	);
	return crypto.subtle.deriveKey(
		{ name: 'PBKDF2', hash: params.hash, salt: params.salt, iterations: params.iterations },
		material,
		{ name: 'AES-KW', length: 256 },
		false,
		['wrapKey', 'unwrapKey']
	);
}
