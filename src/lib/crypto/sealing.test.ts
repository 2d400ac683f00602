import { describe, expect, it } from 'vitest';
import { Sealer, VaultLockedError } from './sealing.ts';

async function dataKey(extractable = false): Promise<CryptoKey> {
	return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, extractable, [
		'encrypt',
		'decrypt'
	]);
}

describe('Sealer', () => {
	it('opens what it sealed, Blobs and bytes included', async () => {
		const sealer = new Sealer(await dataKey());
		const value = {
			name: 'Ada Lovelace',
			photos: [{ id: 'p1', blob: new Blob(['jpeg bytes'], { type: 'image/jpeg' }) }],
			raw: new Uint8Array([1, 2, 3]),
			nested: { n: 1, none: null, list: ['a', 'b'] }
		};
		const sealed = await sealer.seal(value, 'drafts/capture');
		const opened = await sealer.open<typeof value>(sealed, 'drafts/capture');
		expect(opened.name).toBe('Ada Lovelace');
		expect(opened.nested).toEqual({ n: 1, none: null, list: ['a', 'b'] });
		expect([...opened.raw]).toEqual([1, 2, 3]);
		expect(opened.photos[0].blob.type).toBe('image/jpeg');
		expect(await opened.photos[0].blob.text()).toBe('jpeg bytes');
	});

	it('uses a fresh 96-bit IV for every write, so equal values never look equal', async () => {
		const sealer = new Sealer(await dataKey());
		const a = await sealer.seal('same', 'x');
		const b = await sealer.seal('same', 'x');
		expect(a.iv).toHaveLength(12);
		expect(Buffer.from(a.iv).equals(Buffer.from(b.iv))).toBe(false);
		expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(false);
	});

	it('refuses a sealed value moved to another row, or changed', async () => {
		const sealer = new Sealer(await dataKey());
		const sealed = await sealer.seal({ name: 'Ada' }, 'referrals/1');
		await expect(sealer.open(sealed, 'referrals/2')).rejects.toThrow();
		const tampered = new Uint8Array(sealed.data.slice(0));
		tampered[0] ^= 1;
		await expect(
			sealer.open({ iv: sealed.iv, data: tampered.buffer }, 'referrals/1')
		).rejects.toThrow();
	});

	it('throws VaultLockedError once locked, and says so to listeners', async () => {
		const sealer = new Sealer(await dataKey());
		const heard: boolean[] = [];
		sealer.onChange((unlocked) => heard.push(unlocked));
		const sealed = await sealer.seal('x', 'c');
		sealer.lock();
		expect(sealer.unlocked).toBe(false);
		await expect(sealer.open(sealed, 'c')).rejects.toBeInstanceOf(VaultLockedError);
		await expect(sealer.seal('y', 'c')).rejects.toBeInstanceOf(VaultLockedError);
		expect(heard).toEqual([false]);
	});

	it('will not hold an extractable data key', async () => {
		const extractable = await dataKey(true);
		expect(() => new Sealer().unlock(extractable)).toThrow('must not be extractable');
	});
});
