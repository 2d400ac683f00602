import { describe, expect, it } from 'vitest';
import { hashPassword, hashPasswordSync, verifyPassword } from './passwords.ts';

describe('password hashing', () => {
	it('verifies the right password and refuses others', async () => {
		const hash = await hashPassword('correct horse');
		expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[^$]+\$[^$]+$/);
		expect(await verifyPassword('correct horse', hash)).toBe(true);
		expect(await verifyPassword('correct horsE', hash)).toBe(false);
		expect(await verifyPassword('correct horse', hashPasswordSync('other'))).toBe(false);
	});

	it('salts every hash', async () => {
		expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
	});

	it('refuses malformed stored hashes instead of throwing', async () => {
		for (const stored of ['', 'plain', 'scrypt$0$8$1$aa$bb', 'bcrypt$1$2$3$4$5'])
			expect(await verifyPassword('x', stored)).toBe(false);
	});
});
