// After too many wrong passphrases: remove what the server can send again (referrals it already
// has with nothing queued, their photos, and the pull cursor so the next pull brings them back),
// never a referral or change that has not been sent.
import type { WardlineDb } from './db.ts';
import { cursorKey } from './cursor.ts';

export async function wipeSyncedCopies(db: WardlineDb): Promise<{ removed: number }> {
	return db.transaction('rw', [db.referrals, db.outbox, db.photos, db.meta], async () => {
		const unsent = new Set(await db.outbox.orderBy('referralId').uniqueKeys());
		const removable = (await db.referrals.toArray())
			.filter((referral) => referral.serverSeen && !unsent.has(referral.id))
			.map((referral) => referral.id);
		if (removable.length > 0) {
			await db.photos.where('referralId').anyOf(removable).delete();
			await db.referrals.bulkDelete(removable);
		}
		await db.meta.delete(cursorKey);
		return { removed: removable.length };
	});
}
