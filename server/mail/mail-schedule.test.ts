// The schedule is the council's clock: 7am in London, summer time or not; overdue lists on
// working days only; the weekly list from Monday 7am until the week ends (a missed Monday is
// caught up on Tuesday, once).
import { describe, expect, it } from 'vitest';
import { councilTime, dueSlots } from './mail-schedule.ts';

const jobs = (iso: string) => dueSlots(new Date(iso)).map((s) => `${s.job} ${s.period}`);

describe('the e-mail schedule', () => {
	it('reads London time, with summer time', () => {
		expect(councilTime(new Date('2026-01-15T07:00:00Z'))).toEqual({
			date: '2026-01-15',
			hour: 7,
			weekday: 4
		});
		expect(councilTime(new Date('2026-06-15T06:00:00Z'))).toMatchObject({ hour: 7, weekday: 1 });
		expect(councilTime(new Date('2026-06-14T23:30:00Z'))).toMatchObject({ date: '2026-06-15' });
	});

	it('makes the daily, overdue and weekly runs from 7am, London time', () => {
		// Monday 15 June 2026, 06:59 and 07:00 BST.
		expect(jobs('2026-06-15T05:59:00Z')).toEqual([]);
		expect(jobs('2026-06-15T06:00:00Z')).toEqual([
			'daily-digest 2026-06-15',
			'overdue-digest 2026-06-15',
			'support-weekly 2026-06-15'
		]);
		// Tuesday: the week's list is still due (runOnce makes it once), the others are Tuesday's.
		expect(jobs('2026-06-16T12:00:00Z')).toEqual([
			'daily-digest 2026-06-16',
			'overdue-digest 2026-06-16',
			'support-weekly 2026-06-15'
		]);
	});

	it('sends no overdue list at weekends or on bank holidays', () => {
		expect(jobs('2026-06-13T09:00:00Z')).toEqual([
			'daily-digest 2026-06-13',
			'support-weekly 2026-06-08'
		]);
		// Monday 25 May 2026: Spring bank holiday.
		expect(jobs('2026-05-25T09:00:00Z')).toEqual([
			'daily-digest 2026-05-25',
			'support-weekly 2026-05-25'
		]);
	});
});
