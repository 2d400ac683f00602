import { afterEach, describe, expect, it } from 'vitest';
import type { WardlineDb } from './db.ts';
import { loadReferenceData, referenceKey, saveReferenceData } from './reference-cache.ts';
import { freshDb } from './testing/test-fixtures.ts';

let db: WardlineDb;
afterEach(async () => {
	await db?.delete();
});

describe('reference data cache', () => {
	it('keeps wards, categories and units for offline capture', async () => {
		db = freshDb('reference');
		const data = {
			wards: [
				{ id: 'w1', name: 'Headingley', active: true },
				{ id: 'w2', name: 'Old Town', active: false }
			],
			categories: [{ id: 'c1', name: 'Potholes', unitId: 'u1', active: true }],
			units: [{ id: 'u1', name: 'Highways', targetDays: 10, active: true }]
		};
		expect(await loadReferenceData(db)).toBeNull();
		await saveReferenceData(db, data);
		expect(await loadReferenceData(db)).toEqual(data);
	});

	it('reads a copy cached before retiring existed as all in use', async () => {
		db = freshDb('reference-before-retiring');
		await db.meta.put({
			key: referenceKey,
			value: {
				wards: [{ id: 'w1', name: 'Headingley' }],
				categories: [{ id: 'c1', name: 'Potholes', unitId: 'u1' }],
				units: [{ id: 'u1', name: 'Highways', targetDays: 10 }]
			}
		});
		expect(await loadReferenceData(db)).toEqual({
			wards: [{ id: 'w1', name: 'Headingley', active: true }],
			categories: [{ id: 'c1', name: 'Potholes', unitId: 'u1', active: true }],
			units: [{ id: 'u1', name: 'Highways', targetDays: 10, active: true }]
		});
	});

	it('ignores a cached value of an unknown shape', async () => {
		db = freshDb('reference-old');
		await db.meta.put({ key: referenceKey, value: { wards: 'old format' } });
		expect(await loadReferenceData(db)).toBeNull();
	});
});
