import { describe, expect, it } from 'vitest';
import { randomBytes } from './key-wrap.ts';
import { Sealer } from './sealing.ts';
import { maxWrongTries, Vault, VaultRecord, type VaultRecordStore } from './vault.ts';

const passphrase = 'green bench by the library';

/** Keeps the record the way IndexedDB would: a structured clone, nothing shared. */
function memoryRecords(): VaultRecordStore & { stored: unknown } {
	const store = {
		stored: null as unknown,
		load: () => Promise.resolve(structuredClone(store.stored)),
		save: (record: VaultRecord) => {
			store.stored = structuredClone(record);
			return Promise.resolve();
		},
		remove: () => {
			store.stored = null;
			return Promise.resolve();
		}
	};
	return store;
}

async function newVault() {
	const records = memoryRecords();
	const sealer = new Sealer();
	let wipes = 0;
	const vault = new Vault({
		records,
		sealer,
		wipeSyncedCopies: () => {
			wipes += 1;
			return Promise.resolve();
		},
		now: () => new Date('2026-03-02T09:00:00Z')
	});
	const recoverySecret = randomBytes(32);
	expect(await vault.create({ ownerUserId: 'u1', passphrase, recoverySecret })).toEqual({
		ok: true
	});
	return { vault, sealer, records, recoverySecret, wipes: () => wipes };
}

describe('Vault', () => {
	it('records the passphrase wrap with PBKDF2-SHA-256, at least 600,000 iterations and a 16-byte salt', async () => {
		const { records } = await newVault();
		const record = VaultRecord.parse(records.stored);
		expect(record.passphrase).toMatchObject({ kdf: 'PBKDF2', hash: 'SHA-256' });
		expect(record.passphrase.iterations).toBeGreaterThanOrEqual(600_000);
		expect(record.passphrase.salt).toHaveLength(16);
		// AES-KW of a 256-bit key: 40 bytes.
		expect(record.passphrase.wrappedKey.byteLength).toBe(40);
		expect(record.recovery.wrappedKey.byteLength).toBe(40);
		expect(JSON.stringify(records.stored)).not.toContain(passphrase);
	});

	it('is unlocked after creation with a key that cannot be exported', async () => {
		const { sealer } = await newVault();
		expect(sealer.unlocked).toBe(true);
		const sealed = await sealer.seal('Ada', 'c');
		expect(await sealer.open(sealed, 'c')).toBe('Ada');
	});

	it('refuses a passphrase that breaks the rule', async () => {
		const vault = new Vault({
			records: memoryRecords(),
			sealer: new Sealer(),
			wipeSyncedCopies: () => Promise.resolve()
		});
		const result = await vault.create({
			ownerUserId: 'u1',
			passphrase: '123456',
			recoverySecret: randomBytes(32)
		});
		expect(result.ok).toBe(false);
	});

	it('opens what was sealed before a lock with the right passphrase, and not with a wrong one', async () => {
		const { vault, sealer } = await newVault();
		const sealed = await sealer.seal({ name: 'Ada Lovelace' }, 'referrals/1');
		vault.lock();
		expect(await vault.unlockWithPassphrase('green bench by the librar')).toEqual({
			ok: false,
			reason: 'wrong',
			triesLeft: maxWrongTries - 1,
			wiped: false
		});
		expect(sealer.unlocked).toBe(false);
		expect(await vault.unlockWithPassphrase(passphrase)).toEqual({ ok: true });
		expect(await sealer.open(sealed, 'referrals/1')).toEqual({ name: 'Ada Lovelace' });
		expect((await vault.load())?.failedTries).toBe(0);
	});

	it('wipes synced copies at the 10th wrong try, and the passphrase still opens afterwards', async () => {
		const { vault, wipes } = await newVault();
		vault.lock();
		for (let i = 1; i < maxWrongTries; i += 1) {
			const result = await vault.unlockWithPassphrase(`wrong guess ${i}`);
			expect(result).toMatchObject({ triesLeft: maxWrongTries - i, wiped: false });
		}
		expect(wipes()).toBe(0);
		expect(await vault.unlockWithPassphrase('wrong guess 10')).toEqual({
			ok: false,
			reason: 'wrong',
			triesLeft: 0,
			wiped: true
		});
		expect(wipes()).toBe(1);
		expect(await vault.unlockWithPassphrase(passphrase)).toEqual({ ok: true });
	});

	it("opens with the server's recovery secret, and a wrong secret does not count as a try", async () => {
		const { vault, sealer, recoverySecret } = await newVault();
		vault.lock();
		expect(await vault.unlockWithRecovery(randomBytes(32))).toMatchObject({ ok: false });
		expect((await vault.load())?.failedTries).toBe(0);
		expect(await vault.unlockWithRecovery(recoverySecret)).toEqual({ ok: true });
		expect(sealer.unlocked).toBe(true);
	});

	it('takes a new passphrase after a fresh sign-in (recovery), and the old one stops working', async () => {
		const { vault, sealer, recoverySecret } = await newVault();
		const sealed = await sealer.seal('unsent work', 'outbox/1');
		vault.lock();
		expect(await vault.resetPassphrase(randomBytes(32), 'a new passphrase')).toMatchObject({
			ok: false
		});
		expect(await vault.resetPassphrase(recoverySecret, 'a new passphrase')).toEqual({ ok: true });
		expect(await sealer.open(sealed, 'outbox/1')).toBe('unsent work');
		vault.lock();
		expect(await vault.unlockWithPassphrase(passphrase)).toMatchObject({ ok: false });
		expect(await vault.unlockWithPassphrase('a new passphrase')).toEqual({ ok: true });
	});

	it('changes the passphrase only when given the current one', async () => {
		const { vault } = await newVault();
		expect(await vault.changePassphrase('not it at all', 'another passphrase')).toEqual({
			ok: false,
			reason: 'Your current passphrase is not right.'
		});
		expect(await vault.changePassphrase(passphrase, '99999999')).toMatchObject({ ok: false });
		expect(await vault.changePassphrase(passphrase, 'another passphrase')).toEqual({ ok: true });
		vault.lock();
		expect(await vault.unlockWithPassphrase('another passphrase')).toEqual({ ok: true });
	});

	it('unlocks with a WebAuthn PRF output once enrolled (HKDF of the output wraps the key)', async () => {
		const { vault, sealer } = await newVault();
		const prfOutput = randomBytes(32);
		const enrolment = {
			credentialId: randomBytes(16),
			prfSalt: randomBytes(32),
			output: prfOutput
		};
		expect(await vault.unlockWithPrf(prfOutput)).toEqual({ ok: false, reason: 'not-enrolled' });
		expect(await vault.enrolPrf('wrong passphrase', enrolment)).toMatchObject({ ok: false });
		expect(await vault.enrolPrf(passphrase, enrolment)).toEqual({ ok: true });
		const record = await vault.load();
		expect(record?.prf?.credentialId).toEqual(enrolment.credentialId);
		vault.lock();
		expect(await vault.unlockWithPrf(randomBytes(32))).toMatchObject({
			ok: false,
			reason: 'wrong'
		});
		expect((await vault.load())?.failedTries).toBe(0);
		expect(await vault.unlockWithPrf(prfOutput)).toEqual({ ok: true });
		expect(sealer.unlocked).toBe(true);
		await vault.removePrf();
		expect((await vault.load())?.prf).toBeNull();
	});

	it('forgets the key for good', async () => {
		const { vault, sealer, records } = await newVault();
		await vault.forget();
		expect(sealer.unlocked).toBe(false);
		expect(records.stored).toBeNull();
		expect(await vault.unlockWithPassphrase(passphrase)).toEqual({ ok: false, reason: 'no-vault' });
	});
});
