// Two years of made-up referrals for the demo, owned by the two demo Members, so Insights has
// something to show on first run: realistic mixes of wards and categories, and two planted
// problems (blocked drains in Belah lately; fly-tipping that keeps coming back on one street).
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { categories, units, wards } from '../db/schema.ts';
import { generateReferrals, type GenerateOptions, type Plant } from './generate-referrals.ts';
import { insertReferrals } from './insert-referrals.ts';

const dayMs = 86_400_000;
export const demoHistoryCount = 3000;
export const demoHotspotStreet = 'Greystone Road';

// Roughly how often each kind of problem reaches a Member (relative).
const categoryWeights: Record<string, number> = {
	'cat-pothole': 12,
	'cat-street-lighting': 6,
	'cat-pavement-damage': 6,
	'cat-abandoned-vehicle': 2,
	'cat-blocked-drain': 3,
	'cat-flooding': 2,
	'cat-missed-bin-collection': 10,
	'cat-fly-tipping': 7,
	'cat-graffiti': 3,
	'cat-dog-fouling': 4,
	'cat-overgrown-trees': 4,
	'cat-playground-repair': 1,
	'cat-housing-repair': 8,
	'cat-damp-and-mould': 5,
	'cat-noise-nuisance': 5,
	'cat-pest-control': 3,
	'cat-planning-enforcement': 2,
	'cat-anti-social-behaviour': 6,
	'cat-licensed-premises': 1,
	'cat-other': 4
};

/** The wards and categories (with their units' targets) in the shape the generator takes. */
export function historyInputs(db: Db): Pick<GenerateOptions, 'wards' | 'categories'> {
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
			}))
	};
}

/** Adds the demo history; the caller decides that the database is new (seedDemoData does). */
export function seedDemoHistory(
	db: Db,
	now: Date,
	ownerIds: string[],
	places?: GenerateOptions['places']
): number {
	const { wards: wardRows, categories: categoryRows } = historyInputs(db);
	if (wardRows.length === 0 || categoryRows.length === 0) return 0;
	const wardWeights = Object.fromEntries(wardRows.map((w, i) => [w.id, 0.7 + ((i * 7) % 8) / 10]));
	const daysAgo = (days: number) => new Date(now.getTime() - days * dayMs);
	const belah = db.select().from(wards).where(eq(wards.id, 'ward-belah')).get();
	const botcherby = db.select().from(wards).where(eq(wards.id, 'ward-botcherby')).get();
	const plants: Plant[] = [];
	if (belah)
		plants.push({
			wardId: belah.id,
			categoryId: 'cat-blocked-drain',
			count: 14,
			from: daysAgo(85),
			to: daysAgo(1)
		});
	if (botcherby) {
		const street = {
			wardId: botcherby.id,
			categoryId: 'cat-fly-tipping',
			address: `Rear of 40 ${demoHotspotStreet}, Carlisle`,
			postcode: 'CA2 4NF'
		};
		plants.push({ ...street, count: 10, from: daysAgo(80), to: daysAgo(2) });
		// Once in each of the three 90-day periods before: a problem that keeps coming back.
		for (const start of [170, 260, 350])
			plants.push({ ...street, count: 1, from: daysAgo(start), to: daysAgo(start - 60) });
	}
	const generated = generateReferrals({
		seed: 2026,
		count: demoHistoryCount,
		from: daysAgo(730),
		to: daysAgo(0.5),
		now,
		wards: wardRows,
		categories: categoryRows,
		ownerIds,
		wardWeights,
		categoryWeights,
		plants,
		// Real wards have a hundred streets or more; fewer would make chance repeats look common.
		streetsPerWard: 80,
		// The demo geography's streets and postcodes, so referrals have pins inside their wards.
		places
	});
	insertReferrals(db, generated);
	return generated.length;
}
