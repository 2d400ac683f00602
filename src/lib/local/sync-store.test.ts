import { afterEach, describe, expect, it } from 'vitest';
import { StoreLockedError } from '../sync/types.ts';
import type { WardlineDb } from './db.ts';
import { getReferralView, queueChange, saveNewReferral } from './referrals.ts';
import { createDexieSyncStore } from './sync-store.ts';
import { freshDb, sampleCreate, serverReferral, testDeps } from './testing/test-fixtures.ts';

let db: WardlineDb;
afterEach(async () => {
	await db?.delete();
});

const serverRow = serverReferral;

async function savedReferral(deps = testDeps()) {
	return saveNewReferral(
		db,
		{ id: deps.newId(), ownerId: 'member-1', payload: sampleCreate(), photos: [] },
		deps
	);
}

describe('Dexie sync store', () => {
	it('gives pending mutations oldest first, as bare wire envelopes, skipping refused ones', async () => {
		db = freshDb('store-pending');
		const store = createDexieSyncStore(db);
		const deps = testDeps();
		const referral = await savedReferral(deps);
		deps.tick(1000);
		await queueChange(db, referral.id, 'comment', { text: 'one' }, { ...deps, authorName: 'Cllr' });
		deps.tick(1000);
		const refused = await queueChange(db, referral.id, 'comment', { text: 'two' }, deps);
		await db.outbox.update(refused.ok ? refused.mutationId : '', { state: 'rejected' });
		const pending = await store.pendingMutations(10);
		expect(pending.map((m) => m.kind)).toEqual(['create', 'comment']);
		expect(Object.keys(pending[1]).sort()).toEqual([
			'createdAt',
			'id',
			'kind',
			'payload',
			'referralId'
		]);
		expect(await store.pendingMutations(1)).toHaveLength(1);
	});

	it('takes the reference from an applied create and drops its outbox row, even if told twice', async () => {
		db = freshDb('store-applied');
		const store = createDexieSyncStore(db);
		const referral = await savedReferral();
		const [create] = await db.outbox.toArray();
		const result = {
			id: create.id,
			status: 'applied' as const,
			referral: { id: referral.id, reference: 'CR-2026-00001', status: 'routed' }
		};
		await store.applyResults([result], '2026-03-02T09:01:00.000Z');
		await store.applyResults([{ ...result, status: 'duplicate' }], '2026-03-02T09:01:00.000Z');
		expect(await db.outbox.count()).toBe(0);
		expect(await db.referrals.get(referral.id)).toMatchObject({
			reference: 'CR-2026-00001',
			status: 'routed',
			serverSeen: true
		});
		expect(await store.counts()).toEqual({ waiting: 0, attention: 0 });
	});

	it('keeps a refused mutation with its reason and counts it as attention', async () => {
		db = freshDb('store-rejected');
		const store = createDexieSyncStore(db);
		await savedReferral();
		const [create] = await db.outbox.toArray();
		await store.applyResults(
			[{ id: create.id, status: 'rejected', reason: 'Unknown category' }],
			'x'
		);
		expect(await db.outbox.get(create.id)).toMatchObject({
			state: 'rejected',
			lastError: 'Unknown category',
			attempts: 1
		});
		expect(await store.counts()).toEqual({ waiting: 0, attention: 1 });
		expect(await store.pendingMutations(10)).toEqual([]);
	});

	it('applies a pull page over server-owned fields and stores the cursor with it', async () => {
		db = freshDb('store-pull');
		const store = createDexieSyncStore(db);
		const referral = await savedReferral();
		await db.outbox.clear();
		await store.applyPullPage([serverRow(referral.id)], 42);
		const stored = await getReferralView(db, referral.id);
		expect(stored).toMatchObject({
			reference: 'CR-2026-00007',
			status: 'routed',
			unitId: 'unit-highways',
			serverSeen: true
		});
		expect(stored?.location).toEqual({
			address: '12 Otley Road',
			postcode: 'LS6 3AA',
			lat: undefined,
			lng: undefined
		});
		expect(await store.getCursor()).toBe(42);
	});

	it('keeps pending local changes visible on top of a pulled server row', async () => {
		db = freshDb('store-pull-pending');
		const store = createDexieSyncStore(db);
		const deps = testDeps();
		const referral = await savedReferral(deps);
		await db.outbox.clear();
		const answered = { status: 'responded', respondedAt: '2026-03-04T09:00:00.000Z' } as const;
		await store.applyPullPage([serverRow(referral.id, answered)], 4);
		const comment = await queueChange(db, referral.id, 'comment', { text: 'Any news?' }, deps);
		const rating = await queueChange(db, referral.id, 'rate', { score: 2 }, deps);
		await store.applyPullPage([serverRow(referral.id, { ...answered, description: 'Newer' })], 5);
		const stored = await getReferralView(db, referral.id);
		expect(stored).toMatchObject({ status: 'responded', description: 'Newer', rating: 2 });
		expect(stored?.timeline.map((e) => e.id)).toEqual([
			't1',
			comment.ok ? comment.mutationId : '',
			rating.ok ? rating.mutationId : ''
		]);
	});

	it('brings in referrals this tablet has never seen (keyed in by a support officer)', async () => {
		db = freshDb('store-pull-new');
		const store = createDexieSyncStore(db);
		const id = testDeps().newId();
		await store.applyPullPage([serverRow(id)], 3);
		expect(await db.referrals.get(id)).toMatchObject({
			id,
			reference: 'CR-2026-00007',
			serverSeen: true
		});
	});

	it('lists photos still to upload and marks them uploaded', async () => {
		db = freshDb('store-photos');
		const store = createDexieSyncStore(db);
		const deps = testDeps();
		const photoId = deps.newId();
		await saveNewReferral(
			db,
			{
				id: deps.newId(),
				ownerId: 'm',
				payload: sampleCreate(),
				photos: [{ id: photoId, blob: new Blob(['p']), type: 'image/jpeg' }]
			},
			deps
		);
		expect((await store.pendingPhotos()).map((p) => p.id)).toEqual([photoId]);
		expect((await store.readPhoto(photoId)).type).toBe('image/jpeg');
		await store.markPhotoUploaded(photoId);
		expect(await store.pendingPhotos()).toEqual([]);
	});

	it("deletes sent photos the server's copy no longer names, and keeps unsent ones", async () => {
		db = freshDb('store-photo-removal');
		const store = createDexieSyncStore(db);
		const deps = testDeps();
		const [referralId, sent, unsent] = [deps.newId(), deps.newId(), deps.newId()];
		const photo = (id: string) => ({ id, blob: new Blob([id]), type: 'image/jpeg' });
		await saveNewReferral(
			db,
			{
				id: referralId,
				ownerId: 'member-1',
				payload: sampleCreate(),
				photos: [photo(sent), photo(unsent)]
			},
			deps
		);
		await store.markPhotoUploaded(sent);
		await store.applyPullPage([serverRow(referralId, { photoIds: [sent] })], 1);
		expect((await db.photos.toArray()).map((p) => p.id).sort()).toEqual([sent, unsent].sort());

		// Retention removed the photos on the server: the sent one goes, the unsent one stays.
		await store.applyPullPage([serverRow(referralId, { photoIds: [] })], 2);
		expect((await db.photos.toArray()).map((p) => p.id)).toEqual([unsent]);
	});
});

describe('dropping what the server no longer shows', () => {
	/** Captured here with one photo, sent and accepted: seen by the server, nothing queued. */
	async function sentWithPhoto(store: ReturnType<typeof createDexieSyncStore>) {
		const deps = testDeps();
		const [id, photoId] = [deps.newId(), deps.newId()];
		await saveNewReferral(
			db,
			{
				id,
				ownerId: 'member-1',
				payload: sampleCreate(),
				photos: [{ id: photoId, blob: new Blob(['jpeg']), type: 'image/jpeg' }]
			},
			deps
		);
		await store.markPhotoUploaded(photoId);
		const [create] = await db.outbox.where('referralId').equals(id).toArray();
		const referral = { id, reference: 'CR-2026-00009', status: 'routed' };
		await store.applyResults([{ id: create.id, status: 'applied', referral }], 'x');
		return id;
	}

	it('drops seen referrals missing from the list, with their photos, and keeps listed ones, even while locked', async () => {
		db = freshDb('store-drop');
		const store = createDexieSyncStore(db);
		const captured = await sentWithPhoto(store);
		const [listed, unlisted] = [testDeps().newId(), testDeps().newId()];
		await store.applyPullPage([serverRow(listed), serverRow(unlisted)], 3);
		expect(await db.photos.count()).toBe(1);

		db.sealer.lock();
		expect(await store.dropHidden([listed, 'some-id-not-on-this-tablet'])).toEqual({
			dropped: 2,
			missing: ['some-id-not-on-this-tablet']
		});
		expect(await db.referrals.toCollection().primaryKeys()).toEqual([listed]);
		expect(await db.photos.where('referralId').equals(captured).count()).toBe(0);
		expect(await store.missingOf([listed, 'some-id-not-on-this-tablet'])).toEqual([
			'some-id-not-on-this-tablet'
		]);
		expect(await store.dropHidden([listed])).toEqual({ dropped: 0, missing: [] });
		expect(await store.getCursor()).toBe(3);
		await store.resetCursor();
		expect(await store.getCursor()).toBe(0);
	});

	it('while the tablet is locked, refuses with StoreLockedError what needs sealed data, and still takes results', async () => {
		db = freshDb('store-locked');
		const store = createDexieSyncStore(db);
		const deps = testDeps();
		const photo = { id: deps.newId(), blob: new Blob(['jpeg']), type: 'image/jpeg' };
		const referral = await saveNewReferral(
			db,
			{ id: deps.newId(), ownerId: 'member-1', payload: sampleCreate(), photos: [photo] },
			deps
		);
		const [create] = await db.outbox.toArray();
		db.sealer.lock();
		// The engine takes this error as a pause, not as a failure (see engine.test.ts).
		await expect(store.pendingMutations(10)).rejects.toBeInstanceOf(StoreLockedError);
		await expect(store.readPhoto(photo.id)).rejects.toBeInstanceOf(StoreLockedError);
		await expect(store.applyPullPage([serverRow(referral.id)], 3)).rejects.toBeInstanceOf(
			StoreLockedError
		);
		expect(await store.getCursor()).toBe(0);
		expect(await store.pendingPhotos()).toEqual([
			{ id: photo.id, referralId: referral.id, size: photo.blob.size }
		]);
		const summary = { id: referral.id, reference: 'CR-2026-00009', status: 'routed' };
		await store.applyResults([{ id: create.id, status: 'applied', referral: summary }], 'x');
		expect(await store.counts()).toEqual({ waiting: 0, attention: 0 });
		expect(await db.referrals.get(referral.id)).toMatchObject({
			reference: 'CR-2026-00009',
			serverSeen: true
		});
	});

	it('keeps a referral with a pending or a refused change, and one the server has never seen', async () => {
		db = freshDb('store-drop-keep');
		const store = createDexieSyncStore(db);
		const deps = testDeps();
		const [pending, refused] = [deps.newId(), deps.newId()];
		await store.applyPullPage([serverRow(pending), serverRow(refused)], 3);
		await queueChange(db, pending, 'comment', { text: 'Any news?' }, deps);
		const change = await queueChange(db, refused, 'comment', { text: 'Refused' }, deps);
		await db.outbox.update(change.ok ? change.mutationId : '', { state: 'rejected' });
		// Only on this tablet: one waiting to go, one whose create was refused, one with no outbox
		// row at all (never seen by the server, so never dropped).
		const waiting = (await savedReferral(deps)).id;
		const createRefused = (await savedReferral(deps)).id;
		await db.outbox
			.where('referralId')
			.equals(createRefused)
			.modify({ state: 'rejected', lastError: 'Unknown category' });
		const unsentNoOutbox = (await savedReferral(deps)).id;
		await db.outbox.where('referralId').equals(unsentNoOutbox).delete();

		expect((await store.dropHidden([])).dropped).toBe(0);
		expect((await db.referrals.toCollection().primaryKeys()).sort()).toEqual(
			[pending, refused, waiting, createRefused, unsentNoOutbox].sort()
		);
		expect(await db.outbox.count()).toBe(4);
	});
});
