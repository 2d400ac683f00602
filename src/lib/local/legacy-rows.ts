// Rows written in clear by the first version of the app (before v2) are sealed at the first
// unlock after the upgrade: WebCrypto cannot run in Dexie's upgrade transaction.
import type { Table } from 'dexie';
import { isSealed } from '../crypto/sealing.ts';
import { legacyRowsKey, type WardlineDb } from './db.ts';
import { sealDraft, sealOutboxEntry, sealPhoto, sealReferral } from './sealed-rows.ts';
import type { Draft, LocalPhoto, LocalReferral, OutboxEntry } from './types.ts';

const inClear = (row: { sealed?: unknown }) => !isSealed(row.sealed);

/** Seals every v1 row still in clear; a row changed meanwhile is left for the next pass. */
export async function sealLegacyRows(db: WardlineDb): Promise<{ sealed: number }> {
	if (!(await db.meta.get(legacyRowsKey))) return { sealed: 0 };
	const [referrals, outbox, photos, drafts] = await db.transaction(
		'r',
		[db.referrals, db.outbox, db.photos, db.drafts],
		() =>
			Promise.all([
				db.referrals.filter(inClear).toArray(),
				db.outbox.filter(inClear).toArray(),
				db.photos.filter(inClear).toArray(),
				db.drafts.filter(inClear).toArray()
			])
	);
	const sealer = db.sealer;
	const [sealedReferrals, sealedOutbox, sealedPhotos, sealedDrafts] = await Promise.all([
		Promise.all(
			(referrals as unknown as LocalReferral[]).map(async (r) => ({
				...(await sealReferral(sealer, r.id, r.serverSeen, r.base)),
				// Unread until opened, as v1 counted it (its marks were per tablet).
				unread: r.base.respondedAt ? (1 as const) : (0 as const)
			}))
		),
		Promise.all((outbox as unknown as OutboxEntry[]).map((e) => sealOutboxEntry(sealer, e))),
		Promise.all((photos as unknown as LocalPhoto[]).map((p) => sealPhoto(sealer, p))),
		Promise.all((drafts as unknown as Draft[]).map((d) => sealDraft(sealer, d)))
	]);
	// Sync runs only while unlocked and the pass starts at unlock, so a row rarely changes in
	// between; if a push result lands there, the pull that follows it brings the row again.
	return db.transaction(
		'rw',
		[db.referrals, db.outbox, db.photos, db.drafts, db.meta],
		async () => {
			const count =
				(await replaceInClear(db.referrals, sealedReferrals)) +
				(await replaceInClear(db.outbox, sealedOutbox)) +
				(await replaceInClear(db.photos, sealedPhotos)) +
				(await replaceInClear(db.drafts, sealedDrafts));
			await db.meta.delete(legacyRowsKey);
			return { sealed: count };
		}
	);
}

async function replaceInClear<T extends { id: string; sealed: unknown }>(
	table: Table<T, string>,
	rows: T[]
): Promise<number> {
	let count = 0;
	for (const row of rows) {
		const current = await table.get(row.id);
		// Deleted since the read: do not bring it back.
		if (!current || !inClear(current)) continue;
		await table.put(row);
		count += 1;
	}
	return count;
}
