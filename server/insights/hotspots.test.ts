import { describe, expect, it } from 'vitest';
import type { Plant } from '../demo/generate-referrals.ts';
import { findHotspots } from './hotspots.ts';
import { resolvePeriod } from './period.ts';
import { daysBefore, historyDatabase, testNow } from '../testing/insights-fixtures.ts';

const drainsInBelah: Plant = {
	wardId: 'ward-belah',
	categoryId: 'cat-blocked-drain',
	count: 16,
	from: daysBefore(80),
	to: daysBefore(1)
};
const flyTippingStreet = {
	wardId: 'ward-botcherby',
	categoryId: 'cat-fly-tipping',
	address: 'Rear of 40 Greystone Road, Carlisle',
	postcode: 'CA2 4NF'
};
// Back in each of the three 90-day periods before this one, then a cluster now.
const flyTipping: Plant[] = [
	{ ...flyTippingStreet, count: 10, from: daysBefore(85), to: daysBefore(2) },
	...[120, 200, 300].map((days) => ({
		...flyTippingStreet,
		count: 1,
		from: daysBefore(days),
		to: daysBefore(days - 10)
	}))
];
/** The period a query names, as the route resolves it; a refusal here is a broken test. */
function period(query: { from?: string; to?: string }) {
	const outcome = resolvePeriod(query, testNow);
	if (!outcome.ok) throw new Error(outcome.refusal.reason);
	return outcome.value;
}

const plantedKeys = new Set(['ward-belah|cat-blocked-drain', 'ward-botcherby|cat-fly-tipping']);

describe('planted hot spots', () => {
	const { db } = historyDatabase({
		seed: 1,
		count: 10_000,
		years: 5,
		plants: [drainsInBelah, ...flyTipping]
	});
	const report = findHotspots(db, period({}), testNow);

	it('the ward hot spot is found, ranked first, and its excess stated plainly', () => {
		const first = report.hotspots[0];
		expect(first).toMatchObject({ kind: 'ward', ward: 'Belah', category: 'Blocked drain' });
		expect(first.excess.observed).toBeGreaterThanOrEqual(16);
		expect(first.sentence).toMatch(
			/^Blocked drain in Belah: \d+ in the last 90 days, [\d.]+ times its usual rate \(about [\d.]+ per 90 days over the previous 360 days\)/
		);
		expect(first.history.map((p) => p.count).at(-1)).toBe(first.excess.observed);
		expect(first.referrals).toHaveLength(first.excess.observed);
	});

	it('the street hot spot is named by street and district, and is a persistent problem', () => {
		const street = report.hotspots.find((h) => h.kind === 'street');
		expect(street).toMatchObject({
			street: 'Greystone Road',
			postcodeDistrict: 'CA2',
			category: 'Fly-tipping',
			persistent: true,
			periodsWithReferrals: 4
		});
		expect(report.persistent.map((p) => p.street)).toContain('Greystone Road');
	});

	it('nothing but the planted places is flagged', () => {
		expect(report.hotspots.length).toBeGreaterThan(0);
		for (const hotspot of report.hotspots)
			expect(plantedKeys).toContain(`${hotspot.wardId}|${hotspot.categoryId}`);
	});

	it('the threshold is the false-alarm rate shared over the comparisons made', () => {
		expect(report.rule.comparisons).toBeGreaterThan(200);
		expect(report.rule.pValueThreshold).toBeCloseTo(0.05 / report.rule.comparisons, 12);
		for (const hotspot of report.hotspots)
			expect(hotspot.excess.pValue).toBeLessThan(report.rule.pValueThreshold);
	});
});

describe('uniform data', () => {
	// 2,000 referrals a year spread evenly: whatever stands out here is chance.
	it.each([11, 12, 13])(
		'raises no hot spot in any period (seed %i)',
		(seed) => {
			const { db, sqlite } = historyDatabase({ seed, count: 10_000, years: 5 });
			const periods = [
				{},
				{ from: '2026-02-01' },
				{ from: '2025-03-03' },
				{ from: '2024-10-01', to: '2024-12-31' }
			];
			for (const query of periods) {
				const report = findHotspots(db, period(query), testNow);
				expect(report.rule.baselinePeriodsAvailable).toBe(4);
				expect(report.hotspots.map((h) => h.sentence)).toEqual([]);
			}
			sqlite.close();
		},
		60_000
	);

	it('a new installation has no history, so nothing is "above its usual rate of zero"', () => {
		const { db, sqlite } = historyDatabase({ seed: 5, count: 300, years: 60 / 365 });
		const report = findHotspots(db, period({}), testNow);
		expect(report.rule.baselinePeriodsAvailable).toBe(0);
		expect(report.hotspots).toEqual([]);
		expect(report.persistent).toEqual([]);
		sqlite.close();
	});
});
