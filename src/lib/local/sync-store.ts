// The sync engine's store over the tablet's Dexie database: reads the outbox and photos, and
// writes push results and pull pages each in one transaction (the cursor included).
import type { ServerReferral } from '../domain/referral.ts';
import type { Mutation, MutationResult } from '../domain/sync-protocol.ts';
import { Status } from '../domain/enums.ts';
import type { LocalPhotoRef, SyncStore } from '../sync/types.ts';
import type { WardlineDb } from './db.ts';
import { rebuildReferral } from './referrals.ts';
import type { LocalReferral, ReferralFields } from './types.ts';

export const cursorKey = 'cursor';

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
			shareWith: r.shareWith ?? undefined
		},
		photoIds: row.photoIds,
		capturedAt: row.capturedAt,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
		dueAt: row.dueAt,
		respondedAt: row.respondedAt,
		residentToldAt: row.residentToldAt,
		rating: row.rating,
		timeline: row.timeline
	};
}

export async function readCursor(db: WardlineDb): Promise<number> {
	const row = await db.meta.get(cursorKey);
	return typeof row?.value === 'number' ? row.value : 0;
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

		async readPhoto(id) {
			const photo = await db.photos.get(id);
			if (!photo) throw new Error(`Photo ${id} is not on this tablet`);
			return { blob: photo.blob, type: photo.type, sha256: photo.sha256 };
		},

		async pendingMutations(limit): Promise<Mutation[]> {
			const rows = await db.outbox
				.orderBy('createdAt')
				.filter((row) => row.state === 'pending')
				.limit(limit)
				.toArray();
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
		},

		async applyResults(results: MutationResult[]) {
			await db.transaction('rw', [db.referrals, db.outbox], async () => {
				const touched = new Set<string>();
				for (const result of results) {
					const entry = await db.outbox.get(result.id);
					if (!entry) continue;
					touched.add(entry.referralId);
					if (result.status === 'rejected') {
						await db.outbox.update(entry.id, {
							state: 'rejected',
							lastError: result.reason ?? null,
							attempts: entry.attempts + 1
						});
						continue;
					}
					await db.outbox.delete(entry.id);
					const referral = await db.referrals.get(entry.referralId);
					if (!referral || !result.referral) continue;
					const status = Status.safeParse(result.referral.status);
					const base: ReferralFields = {
						...referral.base,
						reference: result.referral.reference,
						status: status.success ? status.data : referral.base.status
					};
					await db.referrals.put({ ...referral, base, serverSeen: true });
				}
				for (const referralId of touched) await rebuildReferral(db, referralId);
			});
		},

		getCursor: () => readCursor(db),

		async applyPullPage(referrals: ServerReferral[], cursor: number) {
			await db.transaction('rw', [db.referrals, db.outbox, db.meta], async () => {
				for (const row of referrals) {
					const existing = await db.referrals.get(row.id);
					const base = fieldsFromServer(row);
					const next: LocalReferral = {
						...(existing ?? base),
						...base,
						id: row.id,
						base,
						serverSeen: true
					};
					await db.referrals.put(next);
					// Changes still queued here stay visible on top of the server's copy.
					await rebuildReferral(db, row.id);
				}
				await db.meta.put({ key: cursorKey, value: cursor });
			});
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
