// Read marks on the tablet: the unread count comes from the clear flag, marking (one, all, or
// from another tablet) clears it, and a later answer is unread again.
import { afterEach, describe, expect, it } from 'vitest';
import type { WardlineDb } from './db.ts';
import {
	countUnread,
	markAllRead,
	markRead,
	mergeReadMarks,
	unsentReadMarks
} from './read-marks.ts';
import { saveNewReferral } from './referrals.ts';
import { freshDb, sampleCreate, testDeps } from './testing/test-fixtures.ts';

let db: WardlineDb;
afterEach(async () => {
	await db?.delete();
});

/** A referral on the tablet whose answer came at `respondedAt`, unread. */
async function answered(respondedAt: string): Promise<string> {
	const deps = testDeps();
	const id = deps.newId();
	await saveNewReferral(db, { id, ownerId: 'member-1', payload: sampleCreate(), photos: [] }, deps);
	await db.referrals.update(id, { respondedAt, status: 'responded', unread: 1 });
	return id;
}

describe('read marks on the tablet', () => {
	it('counts unread answers from the flag, and opening one reads it and queues the mark', async () => {
		db = freshDb('marks-one');
		const a = await answered('2026-11-20T10:00:00.000Z');
		await answered('2026-11-21T10:00:00.000Z');
		expect(await countUnread(db)).toBe(2);
		expect(await markRead(db, a, '2026-11-20T10:00:00.000Z')).toBe(true);
		expect(await countUnread(db)).toBe(1);
		expect(await unsentReadMarks(db)).toEqual([
			{ referralId: a, respondedAt: '2026-11-20T10:00:00.000Z' }
		]);
		expect(await markRead(db, a, '2026-11-20T10:00:00.000Z')).toBe(false);
	});

	it('a mark for an older answer leaves a newer one unread', async () => {
		db = freshDb('marks-older');
		const a = await answered('2026-11-20T10:00:00.000Z');
		await markRead(db, a, '2026-11-19T10:00:00.000Z');
		expect(await countUnread(db)).toBe(1);
	});

	it('"mark all as read" clears every flag and queues a mark for each', async () => {
		db = freshDb('marks-all');
		await answered('2026-11-20T10:00:00.000Z');
		await answered('2026-11-21T10:00:00.000Z');
		expect(await markAllRead(db)).toBe(2);
		expect(await countUnread(db)).toBe(0);
		expect(await unsentReadMarks(db)).toHaveLength(2);
	});

	it("takes the person's marks from their other tablets and marks what was sent as sent", async () => {
		db = freshDb('marks-merge');
		const a = await answered('2026-11-20T10:00:00.000Z');
		const b = await answered('2026-11-21T10:00:00.000Z');
		await markRead(db, a, '2026-11-20T10:00:00.000Z');
		const sent = await unsentReadMarks(db);
		await mergeReadMarks(db, sent, [
			...sent,
			{ referralId: b, respondedAt: '2026-11-21T10:00:00.000Z' }
		]);
		expect(await countUnread(db)).toBe(0);
		expect(await unsentReadMarks(db)).toEqual([]);
	});
});
