import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNotNull } from 'drizzle-orm';
import { openDatabase } from '../db/open.ts';
import { postcodes, referrals } from '../db/schema.ts';
import { seedDemoData } from './seed.ts';
import { wardLocator } from '../geography/geography-store.ts';

describe('the demo geography', () => {
	it('puts every postcode, and every pin of the demo history, inside its own ward', () => {
		const dir = mkdtempSync(join(tmpdir(), 'wardline-demo-geo-'));
		const { db, sqlite } = openDatabase(join(dir, 'wardline.db'));
		try {
			seedDemoData(db, { clock: () => new Date('2026-03-02T09:00:00Z'), history: true });
			const locator = wardLocator(db);
			const lookup = db.select().from(postcodes).all();
			expect(lookup).toHaveLength(960);
			expect(lookup.filter((p) => locator.wardAt(p) !== p.wardId)).toEqual([]);
			const pinned = db
				.select({
					id: referrals.id,
					wardId: referrals.wardId,
					lat: referrals.lat,
					lng: referrals.lng
				})
				.from(referrals)
				.where(isNotNull(referrals.lat))
				.all();
			expect(pinned.length).toBeGreaterThan(1500);
			expect(
				pinned.filter(
					(r) => locator.wardAt({ lat: r.lat as number, lng: r.lng as number }) !== r.wardId
				)
			).toEqual([]);
		} finally {
			sqlite.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
