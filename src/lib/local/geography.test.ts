import { describe, expect, it } from 'vitest';
import {
	findPostcode,
	GeographyDb,
	loadBoundaries,
	saveBoundaries,
	savePostcodes,
	storedVersions
} from './geography.ts';

const row = (postcode: string, wardId: string) => ({
	postcode,
	lat: 54.9,
	lng: -2.9,
	wardId,
	street: null
});

describe("the tablet's copy of the geography", () => {
	it('finds a postcode however it was typed, and a new version replaces the old one whole', async () => {
		const db = new GeographyDb(`geo-${crypto.randomUUID()}`);
		await savePostcodes(db, 1, [row('CA1 1AA', 'ward-belah'), row('CA3 8DA', 'ward-castle')]);
		expect((await findPostcode(db, ' ca11aa '))?.wardId).toBe('ward-belah');
		await savePostcodes(db, 2, [row('CA1 1AA', 'ward-stanwix')]);
		expect((await findPostcode(db, 'CA1 1AA'))?.wardId).toBe('ward-stanwix');
		expect(await findPostcode(db, 'CA3 8DA')).toBeUndefined();
		expect(await storedVersions(db)).toMatchObject({
			postcodesVersion: 2,
			boundariesVersion: null
		});
	});

	it('keeps the boundaries with their version', async () => {
		const db = new GeographyDb(`geo-${crypto.randomUUID()}`);
		const geometry = {
			type: 'Polygon' as const,
			coordinates: [
				[
					[0, 0],
					[1, 0],
					[1, 1],
					[0, 0]
				]
			]
		};
		await saveBoundaries(db, 7, [
			{
				wardId: 'ward-belah',
				code: 'E05999001',
				name: 'Belah',
				active: true,
				bbox: [0, 0, 1, 1],
				geometry
			}
		]);
		expect((await loadBoundaries(db)).map((b) => b.wardId)).toEqual(['ward-belah']);
		expect((await storedVersions(db)).boundariesVersion).toBe(7);
	});
});
