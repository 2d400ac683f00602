// Shared by the insights tests: a database with the demo wards, categories and users, filled
// with generated referrals (uniform, plus any planted hot spots), and a fixed "now".
import { openDatabase, type Db, type Sqlite } from '../db/open.ts';
import { seedDemoData } from '../db/seed.ts';
import { categories, units, wards } from '../db/schema.ts';
import { generateReferrals, type GenerateOptions, type Plant } from './generate-referrals.ts';
import { insertReferrals } from './insert-referrals.ts';

export const testNow = new Date('2026-03-02T09:00:00.000Z');
const dayMs = 86_400_000;
export const daysBefore = (days: number, now = testNow) => new Date(now.getTime() - days * dayMs);

/** The demo reference data in the shape the generator takes. */
export function generatorInputs(
	db: Db
): Pick<GenerateOptions, 'wards' | 'categories' | 'ownerIds'> {
	const unitRows = new Map(
		db
			.select()
			.from(units)
			.all()
			.map((u) => [u.id, u])
	);
	return {
		wards: db.select({ id: wards.id }).from(wards).all(),
		categories: db
			.select()
			.from(categories)
			.all()
			.map((c) => ({
				id: c.id,
				unitId: c.unitId,
				unitName: unitRows.get(c.unitId)?.name,
				targetDays: unitRows.get(c.unitId)?.targetDays ?? 10
			})),
		ownerIds: ['user-cllr-ahmed', 'user-cllr-brown']
	};
}

/** Fills a seeded database with `count` uniform referrals over `years` up to now, plus plants. */
export function fillHistory(
	db: Db,
	options: { seed: number; count: number; years: number; plants?: Plant[]; now?: Date }
): void {
	const now = options.now ?? testNow;
	insertReferrals(
		db,
		generateReferrals({
			...generatorInputs(db),
			seed: options.seed,
			count: options.count,
			from: daysBefore(options.years * 365, now),
			to: now,
			now,
			plants: options.plants
		})
	);
}

/** An in-memory database with the demo data and generated history. */
export function historyDatabase(options: Parameters<typeof fillHistory>[1]): {
	db: Db;
	sqlite: Sqlite;
} {
	const { db, sqlite } = openDatabase(':memory:');
	seedDemoData(db, { clock: () => testNow });
	fillHistory(db, options);
	return { db, sqlite };
}
