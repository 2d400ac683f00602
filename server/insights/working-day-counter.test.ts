import { describe, expect, it } from 'vitest';
import { workingDaysBetween } from '#domain/working-days';
import { createRandom } from '../demo/generate-referrals.ts';
import { createWorkingDayCounter } from './working-day-counter.ts';

describe('the working-day counter', () => {
	it('gives the same answer as the domain’s day-by-day count, in any order of asking', () => {
		const count = createWorkingDayCounter();
		const random = createRandom(3);
		const start = Date.UTC(2019, 0, 1);
		const span = 8 * 365 * 86_400_000;
		for (let i = 0; i < 2000; i += 1) {
			const from = new Date(start + random() * span);
			const to = new Date(from.getTime() + (random() - 0.2) * 60 * 86_400_000);
			// + 0: the domain answers -0 for an earlier instant on the same day.
			expect(count(from, to)).toBe(workingDaysBetween(from, to) + 0);
		}
	});

	it('skips weekends and bank holidays: Thursday before Easter to the Tuesday after is 1 day', () => {
		const count = createWorkingDayCounter();
		expect(count(new Date('2026-04-02T10:00:00Z'), new Date('2026-04-07T09:00:00Z'))).toBe(1);
	});
});
