// Removing copies the server can send again (referrals it already has with nothing queued, and
// their photos), never a referral or change that has not been sent: after too many wrong
// passphrases, and when the server no longer shows a referral to this user.
import type { WardlineDb } from './db.ts';
import { cursorKey } from './cursor.ts';

/**
 * Deletes those of `ids` the server has seen that have no outbox row at all (a pending change is
 * unsent work, a refused one needs the Member's attention), with their photos. Reads only ids and
 * flags kept in clear, so it works while locked. Call inside a 'rw' transaction on referrals,
 * outbox and photos, so a change queued meanwhile cannot slip between the check and the delete.
 */
export async function deleteSyncedCopies(db: WardlineDb, ids: string[]): Promise<number> {
	const unsent = new Set(await db.outbox.orderBy('referralId').uniqueKeys());
	const rows = await db.referrals.bulkGet(ids.filter((id) => !unsent.has(id)));
	const removable = rows.flatMap((row) => (row?.serverSeen ? [row.id] : []));
	if (removable.length > 0) {
		await db.photos.where('referralId').anyOf(removable).delete();
		await db.referrals.bulkDelete(removable);
	}
	return removable.length;
}

/** After too many wrong passphrases; the cursor goes too, so the next pull brings them back. */
export async function wipeSyncedCopies(db: WardlineDb): Promise<{ removed: number }> {
	return db.transaction(
		'rw',
		[db.referrals, db.outbox, db.photos, db.meta, db.acknowledged],
		async () => {
			const removed = await deleteSyncedCopies(db, await db.referrals.toCollection().primaryKeys());
			// Sent changes kept against a server restore hold personal data too.
			await db.acknowledged.clear();
			await db.meta.delete(cursorKey);
			return { removed };
		}
	);
}
