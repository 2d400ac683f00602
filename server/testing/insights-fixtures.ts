// Shared by the insights tests: a database with the demo wards, categories and users, filled
// with generated referrals (uniform, plus any planted hot spots), and a fixed "now".
import { openDatabase, type Db, type Sqlite } from '../db/open.ts';
import { historyInputs } from '../demo/demo-history.ts';
import { generateReferrals, type GenerateOptions, type Plant } from '../demo/generate-referrals.ts';
import { insertReferrals } from '../demo/insert-referrals.ts';
import { seedDemoData } from '../demo/seed.ts';

export const testNow = new Date('2026-03-02T09:00:00.000Z');
const dayMs = 86_400_000;
export const daysBefore = (days: number, now = testNow) => new Date(now.getTime() - days * dayMs);

/** The demo reference data in the shape the generator takes, owned by the two demo Members. */
export function generatorInputs(
	db: Db
): Pick<GenerateOptions, 'wards' | 'categories' | 'ownerIds'> {
	return { ...historyInputs(db), ownerIds: ['user-cllr-ahmed', 'user-cllr-brown'] };
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
