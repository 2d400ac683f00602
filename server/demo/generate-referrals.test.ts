// The demo history should look like a council's year, not a backlog: most referrals answered
// within their target, a few late, and only a handful still open past their due date.
import { describe, expect, it } from 'vitest';
import { generateReferrals } from './generate-referrals.ts';

const now = new Date('2026-03-02T09:00:00Z');
const dayMs = 86_400_000;

describe('the generated demo history', () => {
	const generated = generateReferrals({
		seed: 2026,
		count: 4000,
		from: new Date(now.getTime() - 730 * dayMs),
		to: new Date(now.getTime() - dayMs / 2),
		now,
		wards: ['ward-belah', 'ward-castle', 'ward-botcherby'].map((id) => ({ id })),
		categories: [
			{ id: 'cat-pothole', unitId: 'unit-highways', targetDays: 10 },
			{ id: 'cat-graffiti', unitId: 'unit-waste', targetDays: 5 },
			{ id: 'cat-housing-repair', unitId: 'unit-housing', targetDays: 20 }
		],
		ownerIds: ['user-cllr-ahmed']
	});
	const rows = generated.map((g) => g.row);
	const answered = rows.filter((r) => r.respondedAt);
	const late = answered.filter((r) => (r.respondedAt ?? '') > (r.dueAt ?? ''));
	const open = rows.filter((r) => !r.respondedAt && r.status !== 'rejected');
	const openOverdue = open.filter((r) => (r.dueAt ?? '') < now.toISOString());

	it('answers most referrals within target and a few late', () => {
		expect(answered.length / rows.length).toBeGreaterThan(0.95);
		expect(late.length / answered.length).toBeGreaterThan(0.04);
		expect(late.length / answered.length).toBeLessThan(0.15);
	});

	it('leaves only a handful open and overdue, none of them for months', () => {
		expect(openOverdue.length).toBeGreaterThan(0);
		expect(openOverdue.length / rows.length).toBeLessThan(0.01);
		for (const r of openOverdue)
			expect(now.getTime() - Date.parse(r.createdAt ?? '')).toBeLessThan(60 * dayMs);
	});

	it('gives urgent referrals the shorter target', () => {
		const days = (r: (typeof rows)[number]) =>
			(Date.parse(r.dueAt ?? '') - Date.parse(r.createdAt ?? '')) / dayMs;
		const potholes = rows.filter((r) => r.categoryId === 'cat-pothole');
		const urgent = potholes.filter((r) => r.urgency === 'urgent');
		const routine = potholes.filter((r) => r.urgency === 'routine');
		expect(urgent.length).toBeGreaterThan(0);
		expect(Math.max(...urgent.map(days))).toBeLessThan(Math.min(...routine.map(days)));
	});
});
