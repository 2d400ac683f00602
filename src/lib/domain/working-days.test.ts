import { describe, expect, it } from 'vitest';
import {
	addWorkingDays,
	defaultTargets,
	dueDate,
	bankHolidaysOfEngland,
	describeDue,
	isWorkingDay,
	workingDaysBetween
} from './working-days.ts';

const at = (iso: string) => new Date(iso);

// As published on gov.uk/bank-holidays for England and Wales.
const published: Record<number, string[]> = {
	// Early May moved to Friday 8 May for VE Day 75; Boxing Day on a Saturday.
	2020: ['01-01', '04-10', '04-13', '05-08', '05-25', '08-31', '12-25', '12-28'],
	// Christmas on a Saturday and Boxing Day on a Sunday: both substituted.
	2021: ['01-01', '04-02', '04-05', '05-03', '05-31', '08-30', '12-27', '12-28'],
	// New Year on a Saturday; spring moved for the Platinum Jubilee; the state funeral; Christmas on a Sunday.
	2022: ['01-03', '04-15', '04-18', '05-02', '06-02', '06-03', '08-29', '09-19', '12-26', '12-27'],
	// New Year on a Sunday; the Coronation.
	2023: ['01-02', '04-07', '04-10', '05-01', '05-08', '05-29', '08-28', '12-25', '12-26'],
	2024: ['01-01', '03-29', '04-01', '05-06', '05-27', '08-26', '12-25', '12-26'],
	2025: ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26'],
	2026: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
	2027: ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28']
};

describe("England's bank holidays", () => {
	it.each(Object.entries(published))('are computed for %s as published', (year, days) => {
		expect([...bankHolidaysOfEngland(Number(year))].sort()).toEqual(
			days.map((d) => `${year}-${d}`)
		);
	});

	it('never run out: a far year has its eight, none at a weekend', () => {
		const days = [...bankHolidaysOfEngland(2093)];
		expect(days).toHaveLength(8);
		for (const day of days) expect([0, 6]).not.toContain(at(`${day}T12:00:00Z`).getUTCDay());
	});
});

describe('working days', () => {
	it('are weekdays that are not bank holidays', () => {
		expect(isWorkingDay(at('2026-03-02T09:00:00Z'))).toBe(true); // Monday
		expect(isWorkingDay(at('2026-03-07T09:00:00Z'))).toBe(false); // Saturday
		expect(isWorkingDay(at('2026-03-08T09:00:00Z'))).toBe(false); // Sunday
		expect(isWorkingDay(at('2026-04-03T09:00:00Z'))).toBe(false); // Good Friday
		expect(isWorkingDay(at('2026-12-28T09:00:00Z'))).toBe(false); // Boxing Day, substituted
		// The day is the UTC day: a minute before midnight still counts as Friday.
		expect(isWorkingDay(at('2026-03-06T23:59:00Z'))).toBe(true);
		expect(isWorkingDay(at('2026-03-07T00:00:00Z'))).toBe(false);
	});

	it('are added skipping weekends and holidays, keeping the time of day', () => {
		// Highways' 10 working days from Monday 2 March 2026.
		expect(addWorkingDays(at('2026-03-02T09:00:00Z'), 10)).toEqual(at('2026-03-16T09:00:00Z'));
		expect(addWorkingDays(at('2026-03-06T16:30:00Z'), 1)).toEqual(at('2026-03-09T16:30:00Z'));
		// Over Easter (Good Friday and Easter Monday).
		expect(addWorkingDays(at('2026-04-02T10:00:00Z'), 1)).toEqual(at('2026-04-07T10:00:00Z'));
		// Over Christmas and into the new year.
		expect(addWorkingDays(at('2026-12-24T10:00:00Z'), 1)).toEqual(at('2026-12-29T10:00:00Z'));
		expect(addWorkingDays(at('2026-12-30T10:00:00Z'), 2)).toEqual(at('2027-01-04T10:00:00Z'));
		expect(addWorkingDays(at('2026-03-02T09:00:00Z'), 0)).toEqual(at('2026-03-02T09:00:00Z'));
	});

	it('start counting from the next working day when a referral arrives at a weekend or on a holiday', () => {
		expect(addWorkingDays(at('2026-03-07T11:00:00Z'), 1)).toEqual(at('2026-03-09T11:00:00Z'));
		expect(addWorkingDays(at('2026-03-08T11:00:00Z'), 1)).toEqual(at('2026-03-09T11:00:00Z'));
		expect(addWorkingDays(at('2026-04-03T11:00:00Z'), 1)).toEqual(at('2026-04-07T11:00:00Z'));
	});

	it('are counted between two moments by whole days, either way round', () => {
		const monday = at('2026-03-02T09:00:00Z');
		const nextMonday = at('2026-03-09T09:00:00Z');
		expect(workingDaysBetween(monday, nextMonday)).toBe(5);
		expect(workingDaysBetween(nextMonday, monday)).toBe(-5);
		expect(workingDaysBetween(monday, at('2026-03-02T17:00:00Z'))).toBe(0);
		// Late Friday to early Monday is one working day: the time of day does not count.
		expect(workingDaysBetween(at('2026-03-06T23:00:00Z'), at('2026-03-09T01:00:00Z'))).toBe(1);
		// Across Easter 2026: Wednesday 1 to Wednesday 8 April holds three working days.
		expect(workingDaysBetween(at('2026-04-01T09:00:00Z'), at('2026-04-08T09:00:00Z'))).toBe(3);
		// And they agree with adding them.
		expect(workingDaysBetween(monday, addWorkingDays(monday, 23))).toBe(23);
	});
});

describe('describeDue', () => {
	const now = at('2026-03-04T12:00:00Z');
	it('reads in calendar days as a Member would say it', () => {
		expect(describeDue(at('2026-03-04T17:00:00Z'), now)).toBe('due today');
		expect(describeDue(at('2026-03-04T09:00:00Z'), now)).toBe('overdue today');
		expect(describeDue(at('2026-03-05T09:00:00Z'), now)).toBe('due tomorrow');
		expect(describeDue(at('2026-03-09T09:00:00Z'), now)).toBe('due in 5 days');
		expect(describeDue(at('2026-03-03T17:00:00Z'), now)).toBe('1 day overdue');
		expect(describeDue(at('2026-02-25T17:00:00Z'), now)).toBe('7 days overdue');
	});
});

describe('response targets by urgency', () => {
	it('defaults soon to half the routine target and urgent to a fifth, rounded up, at least 1', () => {
		expect(defaultTargets(14)).toEqual({ targetDays: 14, targetDaysSoon: 7, targetDaysUrgent: 3 });
		expect(defaultTargets(5)).toEqual({ targetDays: 5, targetDaysSoon: 3, targetDaysUrgent: 1 });
		expect(defaultTargets(1)).toEqual({ targetDays: 1, targetDaysSoon: 1, targetDaysUrgent: 1 });
	});

	it('sets the due date by the target for the urgency', () => {
		const monday = new Date('2026-03-02T09:00:00Z');
		const targets = { targetDays: 10, targetDaysSoon: 5, targetDaysUrgent: 1 };
		expect(dueDate(monday, targets, 'routine').toISOString()).toBe('2026-03-16T09:00:00.000Z');
		expect(dueDate(monday, targets, 'soon').toISOString()).toBe('2026-03-09T09:00:00.000Z');
		expect(dueDate(monday, targets, 'urgent').toISOString()).toBe('2026-03-03T09:00:00.000Z');
	});
});
