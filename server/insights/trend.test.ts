import { describe, expect, it } from 'vitest';
import { periodOf } from './period.ts';
import { bucketTrend } from './trend.ts';

describe('trend buckets', () => {
	const period = periodOf('2026-01-28', '2026-03-03');
	const trend = bucketTrend(period, [
		{ day: '2026-01-28', count: 2 },
		{ day: '2026-02-01', count: 1 },
		{ day: '2026-02-02', count: 5 },
		{ day: '2026-03-03', count: 4 }
	]);

	it('weeks run Monday to Sunday, empty ones included, partial ends marked', () => {
		expect(trend.weekly.slice(0, 2)).toEqual([
			{ start: '2026-01-26', count: 3, partial: true },
			{ start: '2026-02-02', count: 5, partial: false }
		]);
		expect(trend.weekly.slice(2, 5).map((w) => w.count)).toEqual([0, 0, 0]);
		expect(trend.weekly.at(-1)).toEqual({ start: '2026-03-02', count: 4, partial: true });
	});

	it('months are calendar months', () => {
		expect(trend.monthly).toEqual([
			{ start: '2026-01-01', count: 2, partial: true },
			{ start: '2026-02-01', count: 6, partial: false },
			{ start: '2026-03-01', count: 4, partial: true }
		]);
	});
});
