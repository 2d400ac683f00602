import { afterEach, describe, expect, it } from 'vitest';
import type { WardlineDb } from './db.ts';
import {
	deleteDraft,
	discardRejected,
	getReferralView,
	listReferralViews,
	loadDraft,
	loadDraftRecord,
	outboxEntriesFor,
	outboxSummary,
	queueChange,
	retryRejected,
	saveDraft,
	saveNewReferral,
	StorageFullError
} from './referrals.ts';
import { freshDb, sampleCreate, testDeps } from './testing/test-fixtures.ts';

let db: WardlineDb;
afterEach(async () => {
	await db?.delete();
});

async function saveOne(deps = testDeps(), overrides = {}) {
	const id = deps.newId();
	return saveNewReferral(
		db,
		{
			id,
			ownerId: 'member-1',
			ownerName: 'Cllr Test',
			payload: sampleCreate(overrides),
			photos: []
		},
		deps
	);
}

describe('saveNewReferral', () => {
	it('writes the referral, its photos with their sha256 and one create mutation', async () => {
		db = freshDb('save');
		const deps = testDeps();
		const photoId = deps.newId();
		const referral = await saveNewReferral(
			db,
			{
				id: deps.newId(),
				ownerId: 'member-1',
				payload: sampleCreate(),
				photos: [{ id: photoId, blob: new Blob(['abc']), type: 'image/jpeg' }]
			},
			deps
		);
		expect(referral).toMatchObject({
			status: 'submitted',
			reference: null,
			serverSeen: false,
			photoIds: [photoId]
		});
		const photo = await db.photos.get(photoId);
		expect(photo).toMatchObject({ referralId: referral.id, size: 3, uploaded: 0 });
		// sha256("abc")
		expect(photo?.sha256).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
		const outbox = await outboxEntriesFor(db, referral.id);
		expect(outbox).toHaveLength(1);
		expect(outbox[0]).toMatchObject({
			kind: 'create',
			referralId: referral.id,
			state: 'pending',
			attempts: 0
		});
		expect((outbox[0].payload as { photoIds: string[] }).photoIds).toEqual([photoId]);
	});

	it('writes nothing at all when the outbox write fails', async () => {
		db = freshDb('atomic');
		const deps = testDeps();
		db.outbox.hook('creating', () => {
			throw new Error('disk on fire');
		});
		const photo = { id: deps.newId(), blob: new Blob(['x']), type: 'image/png' };
		await expect(
			saveNewReferral(
				db,
				{ id: deps.newId(), ownerId: 'member-1', payload: sampleCreate(), photos: [photo] },
				deps
			)
		).rejects.toThrow('disk on fire');
		expect(await db.referrals.count()).toBe(0);
		expect(await db.photos.count()).toBe(0);
		expect(await db.outbox.count()).toBe(0);
	});

	it('reports a full disk as StorageFullError with a plain message', async () => {
		db = freshDb('quota');
		db.referrals.hook('creating', () => {
			throw Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
		});
		const error = await saveOne().catch((e: unknown) => e);
		expect(error).toBeInstanceOf(StorageFullError);
		expect((error as Error).message).toMatch(
			/out of storage space\. Nothing you saved before was lost/
		);
	});
});

describe('queueChange', () => {
	it('refuses a bad payload and changes nothing', async () => {
		db = freshDb('bad');
		const deps = testDeps();
		const referral = await saveOne(deps);
		const before = await db.referrals.get(referral.id);
		const result = await queueChange(db, referral.id, 'rate', { score: 9 }, deps);
		expect(result).toEqual({ ok: false, errors: { score: 'Give a rating from 1 to 5' } });
		expect(await db.referrals.get(referral.id)).toEqual(before);
		expect(await db.outbox.count()).toBe(1);
	});

	it('shows a comment at once as a pending timeline entry under the mutation id', async () => {
		db = freshDb('comment');
		const deps = testDeps();
		const referral = await saveOne(deps);
		const result = await queueChange(
			db,
			referral.id,
			'comment',
			{ text: '  Still there  ' },
			{ ...deps, authorName: 'Cllr Test' }
		);
		expect(result.ok).toBe(true);
		const view = await getReferralView(db, referral.id);
		const mutationId = result.ok ? result.mutationId : '';
		expect(view?.timeline).toEqual([
			{
				id: mutationId,
				at: expect.any(String),
				kind: 'comment',
				by: 'Cllr Test',
				text: 'Still there'
			}
		]);
		expect(view?.pendingTimelineIds).toEqual([mutationId]);
		expect(view?.pendingCount).toBe(2);
	});

	it('records resident told and rating locally until the server answers', async () => {
		db = freshDb('told');
		const deps = testDeps();
		const referral = await saveOne(deps);
		// Before the service team has answered, both are refused at once and nothing is queued.
		expect(await queueChange(db, referral.id, 'residentTold', {}, deps)).toEqual({
			ok: false,
			errors: { _: 'You can tell the resident once the service team has answered' }
		});
		expect(await queueChange(db, referral.id, 'rate', { score: 4 }, deps)).toEqual({
			ok: false,
			errors: { _: 'You can rate the answer once the service team has responded' }
		});
		expect(await db.outbox.count()).toBe(1);

		await db.referrals.update(referral.id, {
			status: 'responded',
			respondedAt: '2026-03-02T08:59:00.000Z'
		});
		await queueChange(db, referral.id, 'residentTold', {}, deps);
		await queueChange(db, referral.id, 'rate', { score: 4, comment: 'Quick' }, deps);
		const stored = await getReferralView(db, referral.id);
		expect(stored?.residentToldAt).toBe('2026-03-02T09:00:00.000Z');
		expect(stored?.rating).toBe(4);
		// The same timeline entries the server will write, shown as pending meanwhile.
		expect(stored?.timeline.map((e) => [e.kind, e.text])).toEqual([
			['resident_told', 'Resident told about the answer'],
			['rating', 'Rated the answer 4 out of 5: Quick']
		]);
		expect(stored?.pendingTimelineIds).toHaveLength(2);
	});

	it('refuses to reopen a referral that has not been answered', async () => {
		db = freshDb('reopen');
		const deps = testDeps();
		const referral = await saveOne(deps);
		const result = await queueChange(db, referral.id, 'reopen', { reason: 'Not fixed' }, deps);
		expect(result).toEqual({
			ok: false,
			errors: { _: 'A submitted referral can only move to routed.' }
		});
		expect(await db.outbox.count()).toBe(1);
	});

	it('applies an edit before routing, and shows it as a note once the referral is routed', async () => {
		db = freshDb('edit');
		const deps = testDeps();
		const referral = await saveOne(deps);
		await queueChange(db, referral.id, 'edit', { description: 'Two potholes now' }, deps);
		expect((await getReferralView(db, referral.id))?.description).toBe('Two potholes now');

		await db.referrals.update(referral.id, { status: 'routed' });
		await queueChange(db, referral.id, 'edit', { description: 'Three potholes' }, deps);
		const routed = await getReferralView(db, referral.id);
		// The service team owns a routed referral: the unsent edit now reads as a request to them.
		expect(routed?.description).toBe('Deep pothole outside the school gates');
		expect(routed?.timeline.map((e) => e.text)).toEqual([
			'Please change the description to: Two potholes now',
			'Please change the description to: Three potholes'
		]);
		const last = (await outboxEntriesFor(db, referral.id)).at(-1);
		expect(last).toMatchObject({
			kind: 'comment',
			payload: { text: 'Please change the description to: Three potholes' }
		});
	});

	it('refuses a change to a referral that is not on the tablet', async () => {
		db = freshDb('missing');
		const deps = testDeps();
		const result = await queueChange(db, deps.newId(), 'comment', { text: 'hello' }, deps);
		expect(result.ok).toBe(false);
		expect(await db.outbox.count()).toBe(0);
	});
});

describe('referral views', () => {
	it('say waiting before the server has it, sent after, and attention when a change was refused', async () => {
		db = freshDb('views');
		const deps = testDeps();
		const waiting = await saveOne(deps);
		deps.tick(1000);
		const sent = await saveOne(deps);
		deps.tick(1000);
		const refused = await saveOne(deps);
		await db.outbox.where('referralId').equals(sent.id).delete();
		await db.referrals.update(sent.id, { serverSeen: true, reference: 'CR-2026-00001' });
		await db.outbox
			.where('referralId')
			.equals(refused.id)
			.modify({ state: 'rejected', lastError: 'Unknown category' });

		const views = await listReferralViews(db);
		const state = Object.fromEntries(views.map((v) => [v.id, v.syncState]));
		expect(state).toEqual({
			[waiting.id]: 'waiting',
			[sent.id]: 'sent',
			[refused.id]: 'attention'
		});
		expect(views.find((v) => v.id === refused.id)?.attentionReasons).toEqual(['Unknown category']);
		expect(await outboxSummary(db)).toEqual({
			waiting: 1,
			attention: 1,
			oldestWaitingAt: '2026-03-02T09:00:00.000Z'
		});
	});

	it('list the newest capture first, whatever the UTC offset', async () => {
		db = freshDb('order');
		const deps = testDeps();
		const older = await saveOne(deps, { capturedAt: '2026-03-02T10:30:00+01:00' });
		const newer = await saveOne(deps, { capturedAt: '2026-03-02T09:45:00Z' });
		expect((await listReferralViews(db)).map((v) => v.id)).toEqual([newer.id, older.id]);
	});
});

describe('refused changes', () => {
	it('can be discarded only when refused, and the optimistic effect goes with them', async () => {
		db = freshDb('discard');
		const deps = testDeps();
		const referral = await saveOne(deps);
		const comment = await queueChange(db, referral.id, 'comment', { text: 'note' }, deps);
		const id = comment.ok ? comment.mutationId : '';
		expect(await discardRejected(db, id)).toBe(false);
		await db.outbox.update(id, { state: 'rejected', lastError: 'no' });
		expect(await discardRejected(db, id)).toBe(true);
		expect((await getReferralView(db, referral.id))?.timeline).toEqual([]);
		expect(await db.outbox.count()).toBe(1);
	});

	it('discarding a refused create removes the referral and its photos', async () => {
		db = freshDb('discard-create');
		const deps = testDeps();
		const photo = { id: deps.newId(), blob: new Blob(['x']), type: 'image/png' };
		const referral = await saveNewReferral(
			db,
			{ id: deps.newId(), ownerId: 'm', payload: sampleCreate(), photos: [photo] },
			deps
		);
		const [create] = await db.outbox.toArray();
		await db.outbox.update(create.id, { state: 'rejected', lastError: 'no' });
		expect(await discardRejected(db, create.id)).toBe(true);
		expect([await db.referrals.count(), await db.photos.count(), await db.outbox.count()]).toEqual([
			0, 0, 0
		]);
		expect(await getReferralView(db, referral.id)).toBeUndefined();
	});

	it('go back to the queue on retry', async () => {
		db = freshDb('retry');
		const referral = await saveOne();
		const [create] = await db.outbox.toArray();
		expect(await retryRejected(db, create.id)).toBe(false);
		await db.outbox.update(create.id, { state: 'rejected', lastError: 'no' });
		expect(await retryRejected(db, create.id)).toBe(true);
		expect((await getReferralView(db, referral.id))?.syncState).toBe('waiting');
	});

	it('send their photos again on retry, since the server may have dropped them meanwhile', async () => {
		db = freshDb('retry-photos');
		const deps = testDeps();
		const photo = { id: deps.newId(), blob: new Blob(['x']), type: 'image/png' };
		await saveNewReferral(
			db,
			{ id: deps.newId(), ownerId: 'm', payload: sampleCreate(), photos: [photo] },
			deps
		);
		const [create] = await db.outbox.toArray();
		await db.photos.update(photo.id, { uploaded: 1 });
		await db.outbox.update(create.id, { state: 'rejected', lastError: 'unknown photo' });
		expect(await retryRejected(db, create.id)).toBe(true);
		expect((await db.photos.get(photo.id))?.uploaded).toBe(0);
	});
});

describe('drafts', () => {
	it('are saved, loaded and deleted by form id', async () => {
		db = freshDb('drafts');
		await saveDraft(
			db,
			'new-referral',
			{ description: 'half typed' },
			() => new Date('2026-03-02T09:00:00Z')
		);
		expect(await loadDraft(db, 'new-referral')).toEqual({ description: 'half typed' });
		expect(await loadDraftRecord(db, 'new-referral')).toEqual({
			id: 'new-referral',
			data: { description: 'half typed' },
			updatedAt: '2026-03-02T09:00:00.000Z'
		});
		await deleteDraft(db, 'new-referral');
		expect(await loadDraft(db, 'new-referral')).toBeUndefined();
	});
});
