// The referral repository: every change is the local row plus an outbox row, written in one
// Dexie transaction, so a referral is never saved without the change that will send it. Personal
// fields are sealed before the transaction opens: WebCrypto must not run inside one.
import { applyChange, parseChange, type Change, type ChangeKind } from '../domain/mutations.ts';
import type { CreateReferral } from '../domain/referral.ts';
import { fieldErrors, type FieldErrors } from '../domain/validation.ts';
import type { WardlineDb } from './db.ts';
import { getReferralView } from './referral-views.ts';
import { openDraft, sealDraft, sealOutboxEntry, sealPhoto, sealReferral } from './sealed-rows.ts';
import { guardQuota } from './storage-full.ts';
import type { Draft, LocalPhoto, LocalReferral, OutboxEntry, ReferralFields } from './types.ts';

export { StorageFullError } from './storage-full.ts';
export { VaultLockedError } from '../crypto/sealing.ts';
export {
	listReferralViews,
	getReferralView,
	outboxSummary,
	outboxEntriesFor,
	photosFor
} from './referral-views.ts';

export interface RepositoryDeps {
	now: () => Date;
	newId: () => string;
	/** Shown as the author of pending timeline entries; defaults to "You". */
	authorName?: string;
}

export interface NewReferralInput {
	id: string;
	ownerId: string;
	ownerName?: string;
	payload: CreateReferral;
	photos: { id: string; blob: Blob; type: string }[];
}

async function sha256Hex(blob: Blob): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Saves a newly captured referral, its photos and its `create` mutation, all or nothing. */
export async function saveNewReferral(
	db: WardlineDb,
	input: NewReferralInput,
	deps: RepositoryDeps
): Promise<LocalReferral> {
	// Hash before the transaction: an IndexedDB transaction commits as soon as it waits on anything else.
	const photos: LocalPhoto[] = await Promise.all(
		input.photos.map(async (photo) => ({
			id: photo.id,
			referralId: input.id,
			blob: photo.blob,
			type: photo.type,
			size: photo.blob.size,
			sha256: await sha256Hex(photo.blob),
			uploaded: 0 as const
		}))
	);
	const now = deps.now().toISOString();
	const payload: CreateReferral = {
		...input.payload,
		photoIds: [...new Set([...(input.payload.photoIds ?? []), ...photos.map((p) => p.id)])]
	};
	const fields: ReferralFields = {
		reference: null,
		ownerId: input.ownerId,
		ownerName: input.ownerName,
		wardId: payload.wardId,
		categoryId: payload.categoryId,
		unitId: null,
		channel: payload.channel,
		urgency: payload.urgency,
		status: 'submitted',
		description: payload.description,
		location: payload.location,
		resident: payload.resident,
		photoIds: payload.photoIds ?? [],
		capturedAt: payload.capturedAt,
		createdAt: now,
		updatedAt: now,
		dueAt: null,
		respondedAt: null,
		residentToldAt: null,
		rating: null,
		timeline: []
	};
	const referral: LocalReferral = { ...fields, id: input.id, serverSeen: false, base: fields };
	const mutation: OutboxEntry = {
		id: deps.newId(),
		referralId: input.id,
		kind: 'create',
		payload,
		createdAt: now,
		attempts: 0,
		lastError: null,
		state: 'pending'
	};
	// Sealing throws VaultLockedError while locked, before anything is written.
	const [storedReferral, storedMutation, storedPhotos] = await Promise.all([
		sealReferral(db.sealer, input.id, false, fields),
		sealOutboxEntry(db.sealer, mutation),
		Promise.all(photos.map((photo) => sealPhoto(db.sealer, photo)))
	]);
	await guardQuota(() =>
		db.transaction('rw', [db.referrals, db.outbox, db.photos], async () => {
			await db.referrals.add(storedReferral);
			if (storedPhotos.length > 0) await db.photos.bulkAdd(storedPhotos);
			await db.outbox.add(storedMutation);
		})
	);
	return referral;
}

export type QueueResult = { ok: true; mutationId: string } | { ok: false; errors: FieldErrors };

/**
 * Queues a change to a referral and shows it at once; bad input, or a change the referral's status
 * does not allow, changes nothing. The shown referral is read (and the change sealed) first; if a
 * pull moves the status meanwhile, the replay and the server both still treat the change by the
 * status it meets.
 */
export async function queueChange(
	db: WardlineDb,
	referralId: string,
	kind: ChangeKind,
	payload: unknown,
	deps: RepositoryDeps
): Promise<QueueResult> {
	const parsed = parseChange(kind, payload);
	if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
	const notHere: QueueResult = { ok: false, errors: { _: 'This referral is not on this tablet.' } };
	const referral = await getReferralView(db, referralId);
	if (!referral) return notHere;
	const createdAt = deps.now().toISOString();
	const outcome = applyChange(referral, parsed.change, createdAt);
	if (!outcome.ok) return { ok: false, errors: { _: outcome.reason } };
	// After routing the service team owns the record; the Member's edit is queued as the note to
	// them that it becomes.
	const queued: Change =
		outcome.effect === 'edit as comment' && outcome.note
			? { kind: 'comment', payload: { text: outcome.note.text } }
			: parsed.change;
	const mutationId = deps.newId();
	const entry: OutboxEntry = {
		id: mutationId,
		referralId,
		kind: queued.kind,
		payload: queued.payload,
		createdAt,
		attempts: 0,
		lastError: null,
		state: 'pending',
		authorName: deps.authorName
	};
	const stored = await sealOutboxEntry(db.sealer, entry);
	return guardQuota(() =>
		db.transaction('rw', [db.referrals, db.outbox], async (): Promise<QueueResult> => {
			// Discarded (a refused create) between the read and now: nothing to attach the change to.
			if (!(await db.referrals.get(referralId))) return notHere;
			await db.outbox.add(stored);
			return { ok: true, mutationId };
		})
	);
}

/**
 * Drops a change the server refused (the user chose to). Dropping a refused `create` removes
 * the referral, its photos and its other changes from the tablet, since the server never had it.
 */
export async function discardRejected(db: WardlineDb, mutationId: string): Promise<boolean> {
	return db.transaction('rw', [db.referrals, db.outbox, db.photos], async () => {
		const entry = await db.outbox.get(mutationId);
		if (!entry || entry.state !== 'rejected') return false;
		if (entry.kind === 'create') {
			await db.outbox.where('referralId').equals(entry.referralId).delete();
			await db.photos.where('referralId').equals(entry.referralId).delete();
			await db.referrals.delete(entry.referralId);
			return true;
		}
		// The shown referral is replayed from what is left, so the change's effect goes with it.
		await db.outbox.delete(mutationId);
		return true;
	});
}

/** Puts a refused change back in the queue (after the user fixed the cause, or to try again). */
export async function retryRejected(db: WardlineDb, mutationId: string): Promise<boolean> {
	return db.transaction('rw', db.outbox, db.photos, async () => {
		const entry = await db.outbox.get(mutationId);
		if (!entry || entry.state !== 'rejected') return false;
		await db.outbox.update(mutationId, { state: 'pending', lastError: null });
		// The server drops photos no referral names after a day, and a rejected create names them
		// only once it is accepted: send the referral's photos again (the same bytes are accepted).
		await db.photos.where('referralId').equals(entry.referralId).modify({ uploaded: 0 });
		return true;
	});
}

/** Form autosave: free-form data (Blobs allowed) under the form's id, sealed like the rest. */
export async function saveDraft(
	db: WardlineDb,
	id: string,
	data: unknown,
	now: () => Date = () => new Date()
): Promise<void> {
	const stored = await sealDraft(db.sealer, { id, data, updatedAt: now().toISOString() });
	await guardQuota(() => db.drafts.put(stored));
}

/** The saved form data, or undefined if there is no draft under that id. */
export async function loadDraft(db: WardlineDb, id: string): Promise<unknown> {
	return (await loadDraftRecord(db, id))?.data;
}

/** The draft with the time it was last saved ("draft from 10:32"). */
export async function loadDraftRecord(db: WardlineDb, id: string): Promise<Draft | undefined> {
	const row = await db.drafts.get(id);
	return row ? openDraft(db.sealer, row) : undefined;
}

export async function deleteDraft(db: WardlineDb, id: string): Promise<void> {
	await db.drafts.delete(id);
}
