// Applying one pull page to the tablet's database: seal each referral, then one transaction with
// bulk reads and writes (rows, unread flags, photos no longer named, the cursor). The same
// function runs in the pull worker and, where there is no worker (tests), in the page.
import { Sealer } from '../crypto/sealing.ts';
import type { ServerReferral } from '../domain/referral.ts';
import { isUnread } from '../domain/read-marks.ts';
import { cursorKey, epochKey } from './cursor.ts';
import { openWardlineDb, type WardlineDb } from './db.ts';
import type { PullWorkerAnswer, PullWorkerRequest } from './pull-applier.ts';
import { sealReferral } from './sealed-rows.ts';
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

/**
 * The server's copy replaces ours whole; queued changes stay in the outbox and are replayed on
 * top when read (pending-changes.ts), so nothing here needs the old row. Needs db.sealer unlocked.
 */
export async function applyPullPage(
	db: WardlineDb,
	referrals: ServerReferral[],
	cursor: number,
	epoch?: string
): Promise<void> {
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
}

/**
 * The worker's side: its own connection per database and its own Sealer, holding the posted key
 * only while one page is applied; pages are applied one after another, in the order posted.
 */
export function pullWorkerHandler(): (request: PullWorkerRequest) => Promise<PullWorkerAnswer> {
	const sealer = new Sealer();
	const databases = new Map<string, WardlineDb>();
	let queue: Promise<unknown> = Promise.resolve();

	async function handle(request: PullWorkerRequest): Promise<PullWorkerAnswer> {
		let db = databases.get(request.database);
		if (!db) {
			db = openWardlineDb(request.database, sealer);
			databases.set(request.database, db);
		}
		try {
			sealer.unlock(request.key);
			await applyPullPage(db, request.referrals, request.cursor, request.epoch);
			return { id: request.id, ok: true };
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			return { id: request.id, ok: false, message };
		} finally {
			sealer.lock();
		}
	}

	return (request) => {
		const answer = queue.then(() => handle(request));
		queue = answer;
		return answer;
	};
}
