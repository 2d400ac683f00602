// The tablet's key hierarchy: one random data key, wrapped by the Member's passphrase (PBKDF2),
// by the server's per-device recovery secret (HKDF) and optionally by a WebAuthn PRF output.
import * as z from 'zod/mini';
import { generateDataKey, hkdfInfo, hkdfWrappingKey, randomBytes } from './key-wrap.ts';
import { unwrapDataKey, wrapDataKey } from './key-wrap.ts';
import { checkPassphrase, newPassphraseKdf, passphraseWrappingKey } from './passphrase.ts';
import type { Sealer } from './sealing.ts';
import { prfWrappingKey } from './webauthn-prf.ts';

export const maxWrongTries = 10;

const bytes = z.custom<Uint8Array<ArrayBuffer>>((v) => v instanceof Uint8Array, 'bytes');
const buffer = z.custom<ArrayBuffer>((v) => v instanceof ArrayBuffer, 'ArrayBuffer');

/** The stored wraps (all the tablet keeps of the data key), parsed when read back. */
export const VaultRecord = z.object({
	version: z.literal(1),
	ownerUserId: z.string(),
	createdAt: z.string(),
	passphrase: z.object({
		kdf: z.literal('PBKDF2'),
		hash: z.literal('SHA-256'),
		iterations: z.number().check(z.int(), z.positive()),
		salt: bytes,
		wrappedKey: buffer
	}),
	recovery: z.object({
		kdf: z.literal('HKDF'),
		hash: z.literal('SHA-256'),
		salt: bytes,
		wrappedKey: buffer
	}),
	prf: z.nullable(
		z.object({ credentialId: bytes, prfSalt: bytes, hkdfSalt: bytes, wrappedKey: buffer })
	),
	failedTries: z.number().check(z.int(), z.minimum(0)),
	wipedAt: z.nullable(z.string())
});
export type VaultRecord = z.infer<typeof VaultRecord>;

/** Where the record lives (beside the data it opens); handed in. */
export interface VaultRecordStore {
	load(): Promise<unknown>;
	save(record: VaultRecord): Promise<void>;
	remove(): Promise<void>;
}

export interface VaultOptions {
	records: VaultRecordStore;
	sealer: Sealer;
	/** Run at the 10th wrong passphrase: removes what the server can send again, never unsent work. */
	wipeSyncedCopies: () => Promise<void>;
	now?: () => Date;
}

export type VaultResult = { ok: true } | { ok: false; reason: string };
export type UnlockResult =
	| { ok: true }
	| { ok: false; reason: 'wrong'; triesLeft: number; wiped: boolean }
	| { ok: false; reason: 'no-vault' | 'not-enrolled' };

export const recoveryFailed =
	'The council server did not have the key for this tablet. Unlock with your passphrase instead.';

export class Vault {
	constructor(private readonly options: VaultOptions) {}

	get sealer(): Sealer {
		return this.options.sealer;
	}

	/** The stored record, or null if none (or one this version cannot read). */
	async load(): Promise<VaultRecord | null> {
		const parsed = VaultRecord.safeParse(await this.options.records.load());
		return parsed.success ? parsed.data : null;
	}

	/** First use on this tablet: a new data key, wrapped by the passphrase and the recovery secret. */
	async create(input: {
		ownerUserId: string;
		passphrase: string;
		recoverySecret: Uint8Array<ArrayBuffer>;
	}): Promise<VaultResult> {
		const check = checkPassphrase(input.passphrase);
		if (!check.ok) return check;
		if (await this.load()) throw new Error('This tablet already has a data key.');
		const dataKey = await generateDataKey();
		const kdf = newPassphraseKdf();
		const recoverySalt = randomBytes(16);
		const recoveryKey = await hkdfWrappingKey(
			input.recoverySecret,
			recoverySalt,
			hkdfInfo.recovery
		);
		const record: VaultRecord = {
			version: 1,
			ownerUserId: input.ownerUserId,
			createdAt: this.now(),
			passphrase: {
				...kdf,
				wrappedKey: await wrapDataKey(dataKey, await passphraseWrappingKey(input.passphrase, kdf))
			},
			recovery: {
				kdf: 'HKDF',
				hash: 'SHA-256',
				salt: recoverySalt,
				wrappedKey: await wrapDataKey(dataKey, recoveryKey)
			},
			prf: null,
			failedTries: 0,
			wipedAt: null
		};
		await this.options.records.save(record);
		// The copy kept in memory comes from a wrap, so it is non-extractable from the start.
		const working = await unwrapDataKey(record.recovery.wrappedKey, recoveryKey);
		if (!working) throw new Error('A data key just wrapped could not be unwrapped.');
		this.sealer.unlock(working);
		return { ok: true };
	}

	async unlockWithPassphrase(passphrase: string): Promise<UnlockResult> {
		const record = await this.load();
		if (!record) return { ok: false, reason: 'no-vault' };
		const key = await unwrapDataKey(
			record.passphrase.wrappedKey,
			await passphraseWrappingKey(passphrase, record.passphrase)
		);
		if (!key) return this.wrongTry(record);
		return this.unlocked(record, key);
	}

	/** After a fresh sign-in: the server's secret for this user and tablet opens it. */
	async unlockWithRecovery(secret: Uint8Array<ArrayBuffer>): Promise<UnlockResult> {
		const record = await this.load();
		if (!record) return { ok: false, reason: 'no-vault' };
		const key = await unwrapDataKey(
			record.recovery.wrappedKey,
			await this.recoveryKey(record, secret)
		);
		// Not a guess by a person, so it does not count towards the wipe.
		if (!key)
			return { ok: false, reason: 'wrong', triesLeft: this.triesLeft(record), wiped: false };
		return this.unlocked(record, key);
	}

	async unlockWithPrf(prfOutput: Uint8Array<ArrayBuffer>): Promise<UnlockResult> {
		const record = await this.load();
		if (!record) return { ok: false, reason: 'no-vault' };
		if (!record.prf) return { ok: false, reason: 'not-enrolled' };
		const key = await unwrapDataKey(
			record.prf.wrappedKey,
			await prfWrappingKey(prfOutput, record.prf.hkdfSalt)
		);
		if (!key)
			return { ok: false, reason: 'wrong', triesLeft: this.triesLeft(record), wiped: false };
		return this.unlocked(record, key);
	}

	/** Forgotten passphrase: the recovery secret opens the data key, which gets a new passphrase. */
	async resetPassphrase(
		secret: Uint8Array<ArrayBuffer>,
		newPassphrase: string
	): Promise<VaultResult> {
		const record = await this.load();
		if (!record) return { ok: false, reason: 'This tablet has no passphrase to reset.' };
		const dataKey = await unwrapDataKey(
			record.recovery.wrappedKey,
			await this.recoveryKey(record, secret),
			true
		);
		if (!dataKey) return { ok: false, reason: recoveryFailed };
		return this.rewrapPassphrase(record, dataKey, newPassphrase);
	}

	async changePassphrase(current: string, next: string): Promise<VaultResult> {
		const record = await this.load();
		if (!record) return { ok: false, reason: 'This tablet has no passphrase yet.' };
		const dataKey = await unwrapDataKey(
			record.passphrase.wrappedKey,
			await passphraseWrappingKey(current, record.passphrase),
			true
		);
		if (!dataKey) return { ok: false, reason: 'Your current passphrase is not right.' };
		return this.rewrapPassphrase(record, dataKey, next);
	}

	/** Adds Face ID / fingerprint; the passphrase proves it is the Member and opens the key to wrap. */
	async enrolPrf(
		passphrase: string,
		prf: {
			credentialId: Uint8Array<ArrayBuffer>;
			prfSalt: Uint8Array<ArrayBuffer>;
			output: Uint8Array<ArrayBuffer>;
		}
	): Promise<VaultResult> {
		const record = await this.load();
		if (!record) return { ok: false, reason: 'This tablet has no passphrase yet.' };
		const dataKey = await unwrapDataKey(
			record.passphrase.wrappedKey,
			await passphraseWrappingKey(passphrase, record.passphrase),
			true
		);
		if (!dataKey) return { ok: false, reason: 'That passphrase is not right.' };
		const hkdfSalt = randomBytes(16);
		const wrappedKey = await wrapDataKey(dataKey, await prfWrappingKey(prf.output, hkdfSalt));
		await this.options.records.save({
			...record,
			prf: { credentialId: prf.credentialId, prfSalt: prf.prfSalt, hkdfSalt, wrappedKey }
		});
		return { ok: true };
	}

	async removePrf(): Promise<void> {
		const record = await this.load();
		if (record?.prf) await this.options.records.save({ ...record, prf: null });
	}

	lock(): void {
		this.sealer.lock();
	}

	/** Forgets the data key for good (another user's data was cleared): the next sign-in starts afresh. */
	async forget(): Promise<void> {
		this.sealer.lock();
		await this.options.records.remove();
	}

	triesLeft(record: VaultRecord): number {
		return Math.max(0, maxWrongTries - record.failedTries);
	}

	private async rewrapPassphrase(
		record: VaultRecord,
		dataKey: CryptoKey,
		passphrase: string
	): Promise<VaultResult> {
		const check = checkPassphrase(passphrase);
		if (!check.ok) return check;
		const kdf = newPassphraseKdf();
		const wrappedKey = await wrapDataKey(dataKey, await passphraseWrappingKey(passphrase, kdf));
		const next: VaultRecord = {
			...record,
			passphrase: { ...kdf, wrappedKey },
			failedTries: 0,
			wipedAt: null
		};
		await this.options.records.save(next);
		const working = await unwrapDataKey(wrappedKey, await passphraseWrappingKey(passphrase, kdf));
		if (!working) throw new Error('A data key just wrapped could not be unwrapped.');
		this.sealer.unlock(working);
		return { ok: true };
	}

	private async wrongTry(record: VaultRecord): Promise<UnlockResult> {
		const failedTries = record.failedTries + 1;
		let wipedAt = record.wipedAt;
		if (failedTries >= maxWrongTries) {
			// Whoever is guessing gets nothing the server can send back; unsent work stays sealed.
			await this.options.wipeSyncedCopies();
			wipedAt ??= this.now();
		}
		const next = { ...record, failedTries, wipedAt };
		await this.options.records.save(next);
		return { ok: false, reason: 'wrong', triesLeft: this.triesLeft(next), wiped: wipedAt !== null };
	}

	private async unlocked(record: VaultRecord, key: CryptoKey): Promise<UnlockResult> {
		if (record.failedTries > 0 || record.wipedAt !== null)
			await this.options.records.save({ ...record, failedTries: 0, wipedAt: null });
		this.sealer.unlock(key);
		return { ok: true };
	}

	private recoveryKey(record: VaultRecord, secret: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
		return hkdfWrappingKey(secret, record.recovery.salt, hkdfInfo.recovery);
	}

	private now(): string {
		return (this.options.now?.() ?? new Date()).toISOString();
	}
}
