// Photos uploaded but not (yet) part of any referral: each user may hold only so many, and they
// are deleted a day after upload. A tablet uploads a referral's photos just before pushing it, so
// a photo still unattached a day later belongs to nothing that arrived.
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { attachments } from '../db/schema.ts';

export interface UnattachedPhotoLimit {
	count: number;
	bytes: number;
}

/**
 * A tablet uploads every queued photo before it pushes the referrals naming them, so a Member
 * back from a surgery with 10 referrals of 6 photos each (the most a referral holds) must fit:
 * 60 photos. Tablet photos are a few hundred KB (resized to 1600 px); 100 MB leaves room for
 * other clients' photos of up to 5 MB while keeping one account from filling the disk.
 */
export const defaultUnattachedPhotoLimit: UnattachedPhotoLimit = {
	count: 60,
	bytes: 100 * 1024 * 1024
};

export const unattachedPhotoLifetimeMs = 24 * 3_600_000;

/** How many photos, and bytes, this user holds that are in no referral. */
export function unattachedUse(db: Db, userId: string): { count: number; bytes: number } {
	const row = db
		.select({
			count: sql<number>`count(*)`,
			bytes: sql<number>`coalesce(sum(${attachments.size}), 0)`
		})
		.from(attachments)
		.where(and(eq(attachments.ownerId, userId), isNull(attachments.referralId)))
		.get();
	return { count: row?.count ?? 0, bytes: row?.bytes ?? 0 };
}

/** Why one more photo of `size` bytes would be over the limit, or null when it fits. */
export function overUnattachedLimit(
	db: Db,
	userId: string,
	size: number,
	limit: UnattachedPhotoLimit
): string | null {
	const use = unattachedUse(db, userId);
	if (use.count + 1 <= limit.count && use.bytes + size <= limit.bytes) return null;
	const megabytes = Math.round(limit.bytes / (1024 * 1024));
	return `Wardline already holds ${use.count} of your photos that are not yet part of a referral (at most ${limit.count}, or ${megabytes} MB). Let the referrals they belong to send first; this photo will be sent after them.`;
}

/** Deletes photos uploaded more than a day ago that never became part of a referral. */
export function deleteStaleUnattachedPhotos(db: Db, now: Date): number {
	const cutoff = new Date(now.getTime() - unattachedPhotoLifetimeMs).toISOString();
	return db
		.delete(attachments)
		.where(and(isNull(attachments.referralId), lt(attachments.createdAt, cutoff)))
		.run().changes;
}
