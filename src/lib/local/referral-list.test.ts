// The in-memory list: opened once, then only what changed is opened again; search and filters
// run over the opened rows.
import { afterEach, describe, expect, it } from 'vitest';
import type { WardlineDb } from './db.ts';
import { queryRows, ReferralListCache, type ListQuery } from './referral-list.ts';
import * as sealedRows from './sealed-rows.ts';
import { queueChange, saveNewReferral } from './referrals.ts';
import { freshDb, sampleCreate, testDeps } from './testing/test-fixtures.ts';
import { vi } from 'vitest';

let db: WardlineDb;
afterEach(async () => {
	vi.restoreAllMocks();
	await db?.delete();
});

const all: ListQuery = {
	text: '',
	status: '',
	wardId: '',
	categoryId: '',
	needsMe: false,
	sort: 'newest'
};

async function save(address: string, name: string, capturedAt: string): Promise<string> {
	const deps = testDeps();
	const id = deps.newId();
	const payload = sampleCreate();
	await saveNewReferral(
		db,
		{
			id,
			ownerId: 'member-1',
			payload: {
				...payload,
				capturedAt,
				location: { ...payload.location, address },
				resident: { ...payload.resident, name }
			},
			photos: []
		},
		deps
	);
	return id;
}

describe('ReferralListCache', () => {
	it('opens only rows written since the last pass, and sees queued changes and deletions', async () => {
		db = freshDb('list-incremental');
		const a = await save('1 Mill Lane', 'Ann Smith', '2026-11-01T09:00:00+01:00');
		const b = await save('2 Park Road', 'Bob Jones', '2026-11-02T09:00:00Z');
		const cache = new ReferralListCache(db);
		await cache.refresh();
		expect(cache.rows.size).toBe(2);
		const opens = vi.spyOn(sealedRows, 'openReferral');
		await new Promise((resolve) => setTimeout(resolve, 2));
		await cache.refresh();
		expect(opens).not.toHaveBeenCalled();
		const c = await save('3 School Lane', 'Cat Brown', '2026-11-03T09:00:00Z');
		await new Promise((resolve) => setTimeout(resolve, 2));
		await cache.refresh();
		expect(opens).toHaveBeenCalledTimes(1);
		expect(queryRows(cache.rows.values(), all).map((r) => r.view.id)).toEqual([c, b, a]);
		await queueChange(db, a, 'comment', { text: 'Any news?' }, testDeps());
		await cache.refresh();
		// The create and the comment, both still to send.
		expect(cache.rows.get(a)?.view.pendingCount).toBe(2);
		await db.referrals.delete(b);
		await cache.refresh();
		expect([...cache.rows.keys()].sort()).toEqual([a, c].sort());
	});

	it('finds by street, postcode with or without its space and resident name, all words', async () => {
		db = freshDb('list-search');
		await save('1 Mill Lane', 'Ann Smith', '2026-11-01T09:00:00Z');
		const b = await save('2 Park Road', 'Bob Jones', '2026-11-02T09:00:00Z');
		const cache = new ReferralListCache(db);
		await cache.refresh();
		const find = (text: string) =>
			queryRows(cache.rows.values(), { ...all, text }).map((r) => r.view.id);
		expect(find('park')).toEqual([b]);
		expect(find('bob road')).toEqual([b]);
		expect(find('jones mill')).toEqual([]);
		const postcode = cache.rows.get(b)?.view.location.postcode ?? '';
		expect(find(postcode.replace(/\s/g, '').toLowerCase())).toHaveLength(2);
	});
});
