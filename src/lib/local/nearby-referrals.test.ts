// The tablet's own "possibly the same problem" check, with no signal: it finds the open recent
// referral of the same category in the same street, and opens (decrypts) only such candidates.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WardlineDb } from './db.ts';
import { ownPossibleDuplicates } from './nearby-referrals.ts';
import { saveNewReferral } from './referrals.ts';
import { freshDb, sampleCreate, testDeps } from './testing/test-fixtures.ts';

let db: WardlineDb;
afterEach(async () => {
	db.close();
	await db.delete();
});

describe('ownPossibleDuplicates', () => {
	it('finds the open recent referral of the category in the street, opening only candidates', async () => {
		db = freshDb('nearby');
		const save = async (categoryId: string, capturedAt: string, address = '14 Otley Road') => {
			const deps = testDeps(Date.parse(capturedAt));
			const id = deps.newId();
			await saveNewReferral(
				db,
				{
					id,
					ownerId: 'member-1',
					payload: sampleCreate({
						categoryId,
						capturedAt,
						location: { address, postcode: 'LS6 3AA' }
					}),
					photos: []
				},
				deps
			);
			return id;
		};
		const same = await save('cat-potholes', '2026-03-01T09:00:00.000Z');
		for (let i = 0; i < 20; i += 1) await save('cat-litter', '2026-03-01T09:00:00.000Z');
		for (let i = 0; i < 5; i += 1) await save('cat-potholes', '2025-12-01T09:00:00.000Z');
		await save('cat-potholes', '2026-03-01T10:00:00.000Z', '3 Other Street');

		const opened = vi.spyOn(db.sealer, 'open');
		const found = await ownPossibleDuplicates(
			db,
			{ categoryId: 'cat-potholes', address: '20 Otley Road', postcode: 'LS1 1AA' },
			new Date('2026-03-02T09:00:00.000Z')
		);
		expect(found).toMatchObject([{ id: same, reason: 'street', street: 'Otley Road' }]);
		// Two candidates (same category, open, last 30 days) and their queued creates: not all 27
		// referrals and 27 creates.
		expect(opened).toHaveBeenCalledTimes(4);
	});
});
