import { describe, expect, it } from 'vitest';
import { wrapDataKey, generateDataKey, unwrapDataKey } from './key-wrap.ts';
import { checkPassphrase, newPassphraseKdf, passphraseWrappingKey } from './passphrase.ts';

describe('passphrase rule', () => {
	it('asks for at least 8 characters and more than digits', () => {
		expect(checkPassphrase('short')).toEqual({
			ok: false,
			reason: 'Use at least 8 characters.'
		});
		expect(checkPassphrase('123456')).toMatchObject({ ok: false });
		const pin = checkPassphrase('12345678');
		expect(pin.ok).toBe(false);
		expect(pin.ok ? '' : pin.reason).toMatch(/not only numbers/);
		expect(checkPassphrase('        ')).toMatchObject({ ok: false });
		expect(checkPassphrase('green bench by the library')).toEqual({ ok: true });
	});
});

describe('passphrase wrapping key', () => {
	it('is PBKDF2-SHA-256 with at least 600,000 iterations and a 16-byte salt', () => {
		const kdf = newPassphraseKdf();
		expect(kdf).toMatchObject({ kdf: 'PBKDF2', hash: 'SHA-256' });
		expect(kdf.iterations).toBeGreaterThanOrEqual(600_000);
		expect(kdf.salt).toHaveLength(16);
	});

	it('unwraps only with the same passphrase (in any Unicode form)', async () => {
		const kdf = newPassphraseKdf();
		const dataKey = await generateDataKey();
		const wrapped = await wrapDataKey(dataKey, await passphraseWrappingKey('café au lait', kdf));
		// "é" typed as e + combining accent on one keyboard, as one character on another.
		const decomposed = 'cafe\u0301 au lait';
		expect(
			await unwrapDataKey(wrapped, await passphraseWrappingKey(decomposed, kdf))
		).not.toBeNull();
		expect(
			await unwrapDataKey(wrapped, await passphraseWrappingKey('cafe au lait', kdf))
		).toBeNull();
	});
});
