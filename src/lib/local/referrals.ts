// The referral repository: every change is the local row plus an outbox row, written in one
// Dexie transaction, so a referral is never saved without the change that will send it.
import type { CreateReferral } from '../domain/referral.ts';
import { checkMove, memberMayEdit } from '../domain/status-machine.ts';
import { fieldErrors, type FieldErrors } from '../domain/validation.ts';
import type { WardlineDb } from './db.ts';
import {
	changePayloadSchemas,
	describeEdit,
	replayChanges,
	type ChangeKind,
	type EditPayload
} from './pending-changes.ts';
import { guardQuota } from './storage-full.ts';
import type { Draft, LocalPhoto, LocalReferral, OutboxEntry, ReferralFields } from './types.ts';

export { StorageFullError } from './storage-full.ts';
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
	await guardQuota(() =>
		db.transaction('rw', [db.referrals, db.outbox, db.photos], async () => {
			await db.referrals.add(referral);
			if (photos.length > 0) await db.photos.bulkAdd(photos);
			await db.outbox.add(mutation);
		})
	);
	return referral;
}

/** Recomputes the shown referral from the server's copy and its queued changes (call inside a rw transaction). */
export async function rebuildReferral(db: WardlineDb, referralId: string): Promise<void> {
	const referral = await db.referrals.get(referralId);
	if (!referral) return;
	const changes = await db.outbox.where('referralId').equals(referralId).toArray();
	await db.referrals.put({ ...referral, ...replayChanges(referral.base, changes) });
}

export type QueueResult = { ok: true; mutationId: string } | { ok: false; errors: FieldErrors };

/** Queues a change to a referral and shows it at once; bad input changes nothing. */
export async function queueChange(
	db: WardlineDb,
	referralId: string,
	kind: ChangeKind,
	payload: unknown,
	deps: RepositoryDeps
): Promise<QueueResult> {
	const parsed = changePayloadSchemas[kind].safeParse(payload);
	if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
	const now = deps.now().toISOString();
	const mutationId = deps.newId();
	return guardQuota(() =>
		db.transaction('rw', [db.referrals, db.outbox], async (): Promise<QueueResult> => {
			const referral = await db.referrals.get(referralId);
			if (!referral) return { ok: false, errors: { _: 'This referral is not on this tablet.' } };
			let entryKind: ChangeKind = kind;
			let entryPayload: unknown = parsed.data;
			if (kind === 'reopen') {
				const move = checkMove(referral.status, 'reopened');
				if (!move.ok) return { ok: false, errors: { _: move.reason } };
			}
			if (kind === 'edit' && !memberMayEdit(referral.status)) {
				// After routing the service team owns the record; the Member's change becomes a note to them.
				entryKind = 'comment';
				entryPayload = { text: describeEdit(parsed.data as EditPayload) };
			}
			await db.outbox.add({
				id: mutationId,
				referralId,
				kind: entryKind,
				payload: entryPayload,
				createdAt: now,
				attempts: 0,
				lastError: null,
				state: 'pending',
				authorName: deps.authorName
			});
			await rebuildReferral(db, referralId);
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
		await db.outbox.delete(mutationId);
		await rebuildReferral(db, entry.referralId);
		return true;
	});
}

/** Puts a refused change back in the queue (after the user fixed the cause, or to try again). */
export async function retryRejected(db: WardlineDb, mutationId: string): Promise<boolean> {
	return db.transaction('rw', db.outbox, async () => {
		const entry = await db.outbox.get(mutationId);
		if (!entry || entry.state !== 'rejected') return false;
		await db.outbox.update(mutationId, { state: 'pending', lastError: null });
		return true;
	});
}

/** Form autosave: free-form JSON under the form's id. */
export async function saveDraft(
	db: WardlineDb,
	id: string,
	data: unknown,
	now: () => Date = () => new Date()
): Promise<void> {
	await guardQuota(() => db.drafts.put({ id, data, updatedAt: now().toISOString() }));
}

/** The saved form data, or undefined if there is no draft under that id. */
export async function loadDraft(db: WardlineDb, id: string): Promise<unknown> {
	return (await db.drafts.get(id))?.data;
}

/** The draft with the time it was last saved ("draft from 10:32"). */
export async function loadDraftRecord(db: WardlineDb, id: string): Promise<Draft | undefined> {
	return db.drafts.get(id);
}

export async function deleteDraft(db: WardlineDb, id: string): Promise<void> {
	await db.drafts.delete(id);
}
