// Read marks on the tablet: marking an answer read (one, or all) writes the mark and clears the
// row's clear `unread` flag in one transaction; marks from the person's other tablets are merged
// in the same way. Only ids, dates and flags: nothing here needs the data key.
import { isUnread, type ReadMark } from '../domain/read-marks.ts';
import type { WardlineDb } from './db.ts';
import type { StoredReadMark } from './types.ts';

/** How many answers this person has not read, from the index alone. */
export function countUnread(db: WardlineDb): Promise<number> {
	return db.referrals.where('unread').equals(1).count();
}

/** The referral's answer up to `respondedAt` is read; true if anything changed. */
export function markRead(
	db: WardlineDb,
	referralId: string,
	respondedAt: string
): Promise<boolean> {
	return db.transaction('rw', [db.referrals, db.readMarks], async () => {
		const mark = await db.readMarks.get(referralId);
		if (mark && mark.respondedAt >= respondedAt) return false;
		await db.readMarks.put({ referralId, respondedAt, sent: 0 });
		const row = await db.referrals.get(referralId);
		if (row?.unread === 1 && !isUnread(row.respondedAt, respondedAt))
			await db.referrals.update(referralId, { unread: 0 });
		return true;
	});
}

/** "Mark all as read": every answer on the tablet is read; returns how many were unread. */
export function markAllRead(db: WardlineDb): Promise<number> {
	return db.transaction('rw', [db.referrals, db.readMarks], async () => {
		const rows = await db.referrals.where('unread').equals(1).toArray();
		const marks: StoredReadMark[] = rows
			.filter((row) => row.respondedAt !== null)
			.map((row) => ({ referralId: row.id, respondedAt: row.respondedAt as string, sent: 0 }));
		await db.readMarks.bulkPut(marks);
		await db.referrals.where('unread').equals(1).modify({ unread: 0 });
		return rows.length;
	});
}

/** Marks not yet sent to the server. */
export async function unsentReadMarks(db: WardlineDb): Promise<ReadMark[]> {
	const rows = await db.readMarks.where('sent').equals(0).toArray();
	return rows.map(({ referralId, respondedAt }) => ({ referralId, respondedAt }));
}

/**
 * After an exchange: what was sent is marked sent (unless marked again meanwhile), the server's
 * marks are kept where newer, and the rows they cover lose their unread flag.
 */
export function mergeReadMarks(
	db: WardlineDb,
	sent: ReadMark[],
	server: ReadMark[]
): Promise<void> {
	return db.transaction('rw', [db.referrals, db.readMarks], async () => {
		const sentKeys = new Set(sent.map((m) => `${m.referralId} ${m.respondedAt}`));
		const ids = [...new Set([...sent, ...server].map((m) => m.referralId))];
		const [local, rows] = await Promise.all([db.readMarks.bulkGet(ids), db.referrals.bulkGet(ids)]);
		const byId = new Map(ids.map((id, i) => [id, { mark: local[i], row: rows[i] }]));
		const marks: StoredReadMark[] = [];
		for (const m of sent) {
			const held = byId.get(m.referralId)?.mark;
			if (held && sentKeys.has(`${held.referralId} ${held.respondedAt}`) && held.sent === 0)
				marks.push({ ...held, sent: 1 });
		}
		for (const m of server) {
			const held = byId.get(m.referralId)?.mark;
			if (!held || held.respondedAt < m.respondedAt) marks.push({ ...m, sent: 1 });
		}
		await db.readMarks.bulkPut(marks);
		const nowRead = marks
			.filter((m) => {
				const row = byId.get(m.referralId)?.row;
				return row?.unread === 1 && !isUnread(row.respondedAt, m.respondedAt);
			})
			.map((m) => m.referralId);
		for (const id of nowRead) await db.referrals.update(id, { unread: 0 });
	});
}

/** Old per-tablet marks (before read marks were per person) become unsent marks, once. */
export async function adoptTabletMarks(
	db: WardlineDb,
	seen: Record<string, string>
): Promise<void> {
	for (const [referralId, respondedAt] of Object.entries(seen))
		await markRead(db, referralId, respondedAt);
}
