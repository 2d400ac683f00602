import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/key-wrap.ts';
import { Sealer } from '../crypto/sealing.ts';
import { maxWrongTries, Vault } from '../crypto/vault.ts';
import type { ServerReferral } from '../domain/referral.ts';
import { legacyRowsKey, openWardlineDb, type WardlineDb } from './db.ts';
import { sealLegacyRows } from './legacy-rows.ts';
import {
	getReferralView,
	listReferralViews,
	loadDraft,
	outboxEntriesFor,
	photosFor,
	queueChange,
	saveDraft,
	saveNewReferral
} from './referrals.ts';
import { getCursor, setCursor } from './settings.ts';
import { createDexieSyncStore } from './sync-store.ts';
import { wipeSyncedCopies } from './synced-copies.ts';
import {
	freshDb,
	sampleCreate,
	serverReferral,
	testDataKey,
	testDeps
} from './testing/test-fixtures.ts';
import { dexieVaultRecords } from './vault-records.ts';

let db: WardlineDb;
afterEach(async () => {
	await db?.delete();
});

const planted = {
	name: 'Philippa Quarrendon',
	phone: '07700 900 461',
	email: 'philippa.q@example.org',
	description: 'Rats nesting under the loose flagstones',
	address: '27 Wetherby Crescent',
	comment: 'Resident rang again about the flagstones',
	draft: 'Half-typed note about Mr Ozymandias'
};

/** Every row of every table as text, bytes decoded as UTF-8, as someone copying the files would see it. */
async function rawDump(database: WardlineDb): Promise<string> {
	const decode = (bytes: ArrayBuffer | ArrayBufferView) =>
		new TextDecoder().decode(
			bytes instanceof ArrayBuffer
				? bytes
				: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
		);
	const tables: Record<string, unknown[]> = {};
	for (const table of database.tables) tables[table.name] = await table.toArray();
	// Blobs cannot be read synchronously: replace them with their text first.
	const blobs = new Map<Blob, string>();
	const collect = async (value: unknown): Promise<void> => {
		if (value instanceof Blob) blobs.set(value, await value.text());
		else if (value && typeof value === 'object')
			for (const inner of Object.values(value)) await collect(inner);
	};
	await collect(tables);
	return JSON.stringify(tables, function (key, value: unknown) {
		const original = (this as Record<string, unknown>)[key];
		if (original instanceof Blob) return blobs.get(original);
		if (original instanceof ArrayBuffer || ArrayBuffer.isView(original)) return decode(original);
		return value;
	});
}

function serverRow(id: string): ServerReferral {
	return serverReferral(id, {
		reference: 'CR-2026-00042',
		description: `${planted.description} (pulled)`,
		location: { address: planted.address, postcode: 'LS6 3AA', lat: null, lng: null },
		resident: {
			name: planted.name,
			phone: planted.phone,
			email: planted.email,
			consentToShare: false
		},
		dueAt: null,
		timeline: [
			{
				id: 't1',
				at: sampleCreate().capturedAt,
				kind: 'comment',
				by: 'Officer',
				text: planted.comment
			}
		]
	});
}

async function save(database: WardlineDb, deps = testDeps(), photos = 0) {
	const id = deps.newId();
	await saveNewReferral(
		database,
		{
			id,
			ownerId: 'member-1',
			payload: sampleCreate({
				description: planted.description,
				location: { address: planted.address, postcode: 'LS6 3AA' },
				resident: { name: planted.name, phone: planted.phone, email: planted.email }
			}),
			photos: Array.from({ length: photos }, () => ({
				id: deps.newId(),
				blob: new Blob([`photo of ${planted.name}`], { type: 'image/jpeg' }),
				type: 'image/jpeg'
			}))
		},
		{ ...deps, authorName: 'Cllr Test' }
	);
	return id;
}

describe('personal data at rest', () => {
	it('is nowhere in the stored rows: referrals, outbox, photos, drafts or pulled copies', async () => {
		db = freshDb('at-rest');
		const deps = testDeps();
		const id = await save(db, deps, 1);
		await queueChange(db, id, 'comment', { text: planted.comment }, deps);
		await saveDraft(db, 'capture', {
			values: { description: planted.draft },
			photos: [{ id: 'p', blob: new Blob([planted.name]) }]
		});
		const pulledId = deps.newId();
		await createDexieSyncStore(db).applyPullPage([serverRow(pulledId)], 7);

		const dump = await rawDump(db);
		// The dump is real: clear fields and ids are there.
		expect(dump).toContain(id);
		expect(dump).toContain('ward-headingley');
		expect(dump).toContain('CR-2026-00042');
		for (const secret of Object.values(planted)) expect(dump).not.toContain(secret);
		expect(dump).not.toContain('Otley');

		// ...and all of it reads back while unlocked.
		const view = await getReferralView(db, id);
		expect(view?.resident).toMatchObject({ name: planted.name, phone: planted.phone });
		expect(view?.timeline.map((e) => e.text)).toEqual([planted.comment]);
		expect((await getReferralView(db, pulledId))?.description).toContain(planted.description);
		expect(await (await photosFor(db, id))[0].blob.text()).toBe(`photo of ${planted.name}`);
		expect(await loadDraft(db, 'capture')).toMatchObject({
			values: { description: planted.draft }
		});
	});

	it('never indexes a personal field', () => {
		db = freshDb('indexes');
		const indexed = db.tables.flatMap((t) =>
			[t.schema.primKey, ...t.schema.indexes].map((i) => i.name)
		);
		expect(indexed.sort()).toEqual(
			[
				'acknowledgedAt',
				'createdAt',
				'id',
				'id',
				'id',
				'id',
				'id',
				'key',
				'ownerId',
				'referralId',
				'referralId',
				'state',
				'status',
				'updatedAt',
				'uploaded',
				// v3: clear bookkeeping for counts and lists, and the read marks' table.
				'capturedMs',
				'referralId',
				'sent',
				'storedAt',
				'unread'
			].sort()
		);
	});

	it('cannot be read or written while locked', async () => {
		db = freshDb('locked');
		const id = await save(db);
		db.sealer.lock();
		await expect(listReferralViews(db)).rejects.toThrow('Wardline is locked');
		await expect(save(db)).rejects.toThrow('Wardline is locked');
		await expect(saveDraft(db, 'capture', { a: 1 })).rejects.toThrow('Wardline is locked');
		expect(await db.referrals.count()).toBe(1);
		db.sealer.unlock(testDataKey);
		expect((await getReferralView(db, id))?.resident.name).toBe(planted.name);
	});
});

describe('too many wrong passphrases', () => {
	it('remove synced copies, their photos and the cursor, keep unsent work, which opens after recovery', async () => {
		db = freshDb('wipe', { locked: true });
		const vault = new Vault({
			records: dexieVaultRecords(db),
			sealer: db.sealer,
			wipeSyncedCopies: async () => void (await wipeSyncedCopies(db))
		});
		const recoverySecret = randomBytes(32);
		await vault.create({ ownerUserId: 'member-1', passphrase: 'correct horse', recoverySecret });
		const deps = testDeps();
		const unsent = await save(db, deps, 1);
		const sent = await save(db, deps, 1);
		const sentWithNote = await save(db, deps);
		const store = createDexieSyncStore(db);
		const creates = (await db.outbox.toArray()).filter((e) => e.referralId !== unsent);
		await store.applyResults(
			creates.map((c) => ({
				id: c.id,
				status: 'applied' as const,
				referral: { id: c.referralId, reference: 'CR-2026-00001', status: 'routed' }
			})),
			'x'
		);
		expect(await db.acknowledged.count()).toBe(2);
		await queueChange(db, sentWithNote, 'comment', { text: 'Any news?' }, deps);
		const pulled = deps.newId();
		await store.applyPullPage([serverRow(pulled)], 12);
		const keptPhotos = (await db.photos.toArray()).filter((p) => p.referralId === unsent);

		vault.lock();
		for (let i = 0; i < maxWrongTries; i += 1) await vault.unlockWithPassphrase(`guess ${i}`);

		expect((await db.referrals.toCollection().primaryKeys()).sort()).toEqual(
			[unsent, sentWithNote].sort()
		);
		expect(await db.photos.toArray()).toEqual(keptPhotos);
		// The unsent create and the note on a sent referral.
		expect(await db.outbox.count()).toBe(2);
		// Sent changes kept against a server restore go too: the server has them.
		expect(await db.acknowledged.count()).toBe(0);
		expect(await getCursor(db)).toBe(0);
		expect(await db.referrals.get(sent)).toBeUndefined();
		expect(await db.referrals.get(pulled)).toBeUndefined();

		// Still sealed, until a fresh sign-in hands back the recovery secret.
		await expect(getReferralView(db, unsent)).rejects.toThrow('Wardline is locked');
		expect(await vault.unlockWithRecovery(recoverySecret)).toEqual({ ok: true });
		expect((await getReferralView(db, unsent))?.resident.name).toBe(planted.name);
		expect((await outboxEntriesFor(db, sentWithNote)).map((e) => e.kind)).toEqual(['comment']);
		expect(await (await photosFor(db, unsent))[0].blob.text()).toBe(`photo of ${planted.name}`);
	});

	it('reset the cursor even when no synced copy is there, and are harmless twice', async () => {
		db = freshDb('wipe-empty');
		await setCursor(db, 3);
		expect(await wipeSyncedCopies(db)).toEqual({ removed: 0 });
		expect(await wipeSyncedCopies(db)).toEqual({ removed: 0 });
		expect(await getCursor(db)).toBe(0);
	});
});

describe('rows written in clear by v1', () => {
	it('are read as they are, then sealed at the first unlock', async () => {
		const name = `wardline-legacy-${Math.random().toString(36).slice(2)}`;
		const v1 = new Dexie(name);
		v1.version(1).stores({
			referrals: 'id, updatedAt, status, ownerId',
			outbox: 'id, referralId, createdAt, state',
			photos: 'id, referralId, uploaded',
			drafts: 'id',
			meta: 'key'
		});
		// A v1 row: the shown fields, with the server's copy under `base`.
		const local = {
			...serverRow('r1'),
			reference: null,
			status: 'submitted' as const,
			location: { address: planted.address, postcode: 'LS6 3AA' },
			resident: { name: planted.name, phone: planted.phone }
		};
		await v1.table('referrals').put({ ...local, id: 'r1', serverSeen: false, base: local });
		await v1.table('outbox').put({
			id: 'm1',
			referralId: 'r1',
			kind: 'create',
			payload: { resident: { name: planted.name } },
			createdAt: '2026-03-02T09:00:00.000Z',
			attempts: 0,
			lastError: null,
			state: 'pending'
		});
		await v1.table('drafts').put({ id: 'capture', data: { d: planted.draft }, updatedAt: 'x' });
		v1.close();

		db = openWardlineDb(name, new Sealer(testDataKey));
		expect(await db.meta.get(legacyRowsKey)).toBeDefined();
		expect((await getReferralView(db, 'r1'))?.resident.name).toBe(planted.name);
		expect(await rawDump(db)).toContain(planted.name);

		expect(await sealLegacyRows(db)).toEqual({ sealed: 3 });
		const dump = await rawDump(db);
		for (const secret of [planted.name, planted.phone, planted.draft, planted.address])
			expect(dump).not.toContain(secret);
		expect((await getReferralView(db, 'r1'))?.resident.name).toBe(planted.name);
		expect((await outboxEntriesFor(db, 'r1'))[0].payload).toEqual({
			resident: { name: planted.name }
		});
		expect(await loadDraft(db, 'capture')).toEqual({ d: planted.draft });
		expect(await db.meta.get(legacyRowsKey)).toBeUndefined();
		expect(await sealLegacyRows(db)).toEqual({ sealed: 0 });
	});
});
