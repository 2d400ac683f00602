// Password hashing with scrypt from node:crypto; the parameters travel inside the stored string
// (scrypt$N$r$p$salt$hash) so they can be raised later without breaking old hashes.
import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const defaults = { N: 16384, r: 8, p: 1 };
const keyLength = 32;

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		scrypt(password, salt, keyLength, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) =>
			error ? reject(error) : resolve(key)
		);
	});
}

function encode(N: number, r: number, p: number, salt: Buffer, hash: Buffer): string {
	return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	return encode(
		defaults.N,
		defaults.r,
		defaults.p,
		salt,
		await scryptAsync(password, salt, defaults)
	);
}

/** For seeding at start-up, where blocking briefly is harmless. */
export function hashPasswordSync(password: string): string {
	const salt = randomBytes(16);
	const hash = scryptSync(password, salt, keyLength, defaults);
	return encode(defaults.N, defaults.r, defaults.p, salt, hash);
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const parts = stored.split('$');
	if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
	const [N, r, p] = parts.slice(1, 4).map(Number);
	if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return false;
	const salt = Buffer.from(parts[4], 'base64');
	const expected = Buffer.from(parts[5], 'base64');
	const actual = await scryptAsync(password, salt, { N, r, p });
	return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash of a random password: verifying against it costs the same time as a real one. */
export const dummyHash = hashPasswordSync(randomBytes(16).toString('hex'));
