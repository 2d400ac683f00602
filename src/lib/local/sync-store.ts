// The sync engine's store over the tablet's Dexie database: reads the outbox and photos, and
// writes push results and pull pages each in one transaction (the cursor included). While the
// tablet is locked, whatever needs personal data throws StoreLockedError and the engine pauses.
import { VaultLockedError } from '../crypto/sealing.ts';
import type { ServerReferral } from '../domain/referral.ts';
import { waitsForReferral, type Mutation, type MutationResult } from '../domain/sync-protocol.ts';
import { Status } from '../domain/enums.ts';
import { isUnread } from '../domain/read-marks.ts';
import { StoreLockedError, type LocalPhotoRef, type SyncStore } from '../sync/types.ts';
import { keepAcknowledged, requeueAcknowledged } from './acknowledged.ts';
import { cursorKey, epochKey, readCursor, readEpoch } from './cursor.ts';
import type { WardlineDb } from './db.ts';
import { openOutboxEntry, openPhoto, sealReferral } from './sealed-rows.ts';
import { deleteSyncedCopies } from './synced-copies.ts';
import type { ReferralFields } from './types.ts';

/** The server's row in the tablet's shape (nulls for absent optional fields become undefined). */
export function fieldsFromServer(row: ServerReferral): ReferralFields {
	const r = row.resident;
	return {
		reference: row.reference,
		ownerId: row.ownerId,
		ownerName: row.ownerName,
		wardId: row.wardId,
		categoryId: row.categoryId,
		unitId: row.unitId,
		channel: row.channel,
		urgency: row.urgency,
		status: row.status,
		description: row.description,
		location: {
			address: row.location.address,
			postcode: row.location.postcode,
			lat: row.location.lat ?? undefined,
			lng: row.location.lng ?? undefined
		},
		resident: {
			name: r.name,
			address: r.address ?? undefined,
			phone: r.phone ?? undefined,
			email: r.email ?? undefined,
			preferredContact: r.preferredContact ?? undefined,
			consentToShare: r.consentToShare,
			shareWith: r.shareWith ?? undefined,
			shareWithBodyIds: r.shareWithBodyIds?.length ? r.shareWithBodyIds : undefined
		},
		photoIds: row.photoIds,
		capturedAt: row.capturedAt,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
		dueAt: row.dueAt,
		respondedAt: row.respondedAt,
		residentToldAt: row.residentToldAt,
		rating: row.rating,
		timeline: row.timeline,
		crmState: row.crm?.state,
		locationCheck: row.locationCheck
	};
}

/** Runs work that needs the data key; locked (before or during) becomes the engine's pause. */
async function whileUnlocked<T>(db: WardlineDb, work: () => Promise<T>): Promise<T> {
	if (!db.sealer.unlocked) throw new StoreLockedError();
	try {
		return await work();
	} catch (error) {
		if (error instanceof VaultLockedError) throw new StoreLockedError();
		throw error;
	}
}

/**
 * Sent photos the server's copy no longer names (removed by retention or at the resident's
 * request) are deleted from the tablet too. A photo not yet sent is unsent work: it stays.
 */
async function dropPhotosNoLongerNamed(db: WardlineDb, referrals: ServerReferral[]) {
	const named = new Map(referrals.map((r) => [r.id, new Set(r.photoIds)]));
	const stale = await db.photos
		.where('referralId')
		.anyOf([...named.keys()])
		.filter((photo) => photo.uploaded === 1 && !named.get(photo.referralId)?.has(photo.id))
		.primaryKeys();
	await db.photos.bulkDelete(stale);
}

export function createDexieSyncStore(db: WardlineDb): SyncStore {
	return {
		async pendingPhotos(): Promise<LocalPhotoRef[]> {
			const photos = await db.photos.where('uploaded').equals(0).toArray();
			return photos.map((p) => ({ id: p.id, referralId: p.referralId, size: p.size }));
		},

		async markPhotoUploaded(id) {
			await db.photos.update(id, { uploaded: 1 });
		},

		readPhoto: (id) =>
			whileUnlocked(db, async () => {
				const row = await db.photos.get(id);
				if (!row) throw new Error(`Photo ${id} is not on this tablet`);
				const photo = await openPhoto(db.sealer, row);
				return { blob: photo.blob, type: photo.type, sha256: photo.sha256 };
			}),

		pendingMutations: (limit, skip) =>
			whileUnlocked(db, async (): Promise<Mutation[]> => {
				const stored = await db.outbox
					.orderBy('createdAt')
					.filter((row) => row.state === 'pending' && !skip?.has(row.id))
					.limit(limit)
					.toArray();
				const rows = await Promise.all(stored.map((row) => openOutboxEntry(db.sealer, row)));
				// A create goes before any change made in the same millisecond (uuid v7 order within a
				// millisecond is random). Exactly the wire envelope: the server's schema is strict.
				rows.sort(
					(a, b) =>
						a.createdAt.localeCompare(b.createdAt) ||
						Number(b.kind === 'create') - Number(a.kind === 'create') ||
						a.id.localeCompare(b.id)
				);
				return rows.map(({ id, referralId, kind, payload, createdAt }) => ({
					id,
					referralId,
					kind,
					payload,
					createdAt
				}));
			}),

		// Only fields kept in clear change here, so results are applied even while locked.

		async applyResults(results: MutationResult[], at: string) {
			await db.transaction('rw', [db.referrals, db.outbox, db.acknowledged], async () => {
				for (const result of results) {
					const entry = await db.outbox.get(result.id);
					if (!entry) continue;
					if (result.status === 'rejected') {
						await db.outbox.update(entry.id, {
							state: waitsForReferral(result, entry.createdAt, at) ? 'pending' : 'rejected',
							lastError: result.reason ?? null,
							attempts: entry.attempts + 1
						});
						continue;
					}
					await db.outbox.delete(entry.id);
					await keepAcknowledged(db, entry, at);
					const referral = await db.referrals.get(entry.referralId);
					if (!referral || !result.referral) continue;
					const status = Status.safeParse(result.referral.status);
					await db.referrals.update(referral.id, {
						reference: result.referral.reference,
						status: status.success ? status.data : referral.status,
						serverSeen: true
					});
				}
			});
		},

		getCursor: () => readCursor(db),

		getEpoch: () => readEpoch(db),

		applyPullPage: (referrals: ServerReferral[], cursor: number, epoch?: string) =>
			whileUnlocked(db, async () => {
				// The server's copy replaces ours whole; queued changes stay in the outbox and are
				// replayed on top when read, so nothing here needs the old row.
				const sealed = await Promise.all(
					referrals.map((row) => sealReferral(db.sealer, row.id, true, fieldsFromServer(row)))
				);
				await db.transaction('rw', [db.referrals, db.meta, db.photos, db.readMarks], async () => {
					// The unread flag (clear, indexed) from this person's read marks, for the badge.
					const marks = await db.readMarks.bulkGet(sealed.map((row) => row.id));
					sealed.forEach((row, i) => {
						row.unread = isUnread(row.respondedAt, marks[i]?.respondedAt) ? 1 : 0;
					});
					await db.referrals.bulkPut(sealed);
					await dropPhotosNoLongerNamed(db, referrals);
					await db.meta.put({ key: cursorKey, value: cursor });
					if (epoch !== undefined) await db.meta.put({ key: epochKey, value: epoch });
				});
			}),

		// Ids, flags and sealed values are moved as they are, so this works while locked.
		async restartAfterRestore(epoch?: string) {
			return db.transaction('rw', [db.outbox, db.acknowledged, db.photos, db.meta], async () => {
				const requeued = await requeueAcknowledged(db);
				await db.meta.delete(cursorKey);
				if (epoch === undefined) await db.meta.delete(epochKey);
				else await db.meta.put({ key: epochKey, value: epoch });
				return requeued;
			});
		},

		// The server no longer shows these to this user (passed to another unit, a Member no longer
		// supported...): their copies go. Ids and flags are in clear, so this works while locked.
		async dropHidden(visibleIds: string[]) {
			const visible = new Set(visibleIds);
			return db.transaction('rw', [db.referrals, db.outbox, db.photos], async () => {
				const held = await db.referrals.toCollection().primaryKeys();
				const heldSet = new Set(held);
				const dropped = await deleteSyncedCopies(
					db,
					held.filter((id) => !visible.has(id))
				);
				return { dropped, missing: visibleIds.filter((id) => !heldSet.has(id)) };
			});
		},

		async missingOf(ids: string[]) {
			const held = await db.referrals.bulkGet(ids);
			return ids.filter((_, i) => held[i] === undefined);
		},

		async resetCursor() {
			await db.meta.delete(cursorKey);
		},

		async counts() {
			const [waiting, attention] = await Promise.all([
				db.outbox.where('state').equals('pending').count(),
				db.outbox.where('state').equals('rejected').count()
			]);
			return { waiting, attention };
		}
	};
}
