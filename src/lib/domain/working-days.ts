// Response targets are in working days: weekends and the bank holidays of England do not count.
// Holidays are computed (Easter by the Meeus/Jones/Butcher rule, substitute days by the
// government's rules) so the table never runs out; one-off holidays are listed.

const oneOffHolidays = new Set([
	'2020-05-08', // VE Day 75 (moved early May)
	'2022-06-02', // Platinum Jubilee (spring moved)
	'2022-06-03',
	'2022-09-19', // State funeral
	'2023-05-08' // Coronation
]);
// Years where the usual early-May or spring holiday was moved to make room for a one-off.
const movedUsual = new Set(['2020-05-04', '2022-05-30']);

function iso(year: number, month: number, day: number): string {
	return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function easterSunday(year: number): Date {
	const a = year % 19;
	const b = Math.floor(year / 100);
	const c = year % 100;
	const d = Math.floor(b / 4);
	const e = b % 4;
	const f = Math.floor((b + 8) / 25);
	const g = Math.floor((b - f + 1) / 3);
	const h = (19 * a + b - d - g + 15) % 30;
	const i = Math.floor(c / 4);
	const k = c % 4;
	const l = (32 + 2 * e + 2 * i - h - k) % 7;
	const m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31);
	const day = ((h + l - 7 * m + 114) % 31) + 1;
	return new Date(Date.UTC(year, month - 1, day));
}

function addDaysUtc(date: Date, days: number): Date {
	return new Date(date.getTime() + days * 86_400_000);
}

function isoOf(date: Date): string {
	return date.toISOString().slice(0, 10);
}

/** First weekday `weekday` (0 = Sunday) on or after the given date. */
function firstOnOrAfter(year: number, month: number, day: number, weekday: number): Date {
	const start = new Date(Date.UTC(year, month - 1, day));
	return addDaysUtc(start, (weekday - start.getUTCDay() + 7) % 7);
}

/** Last weekday `weekday` of the month. */
function lastInMonth(year: number, month: number, weekday: number): Date {
	const end = new Date(Date.UTC(year, month, 0));
	return addDaysUtc(end, -((end.getUTCDay() - weekday + 7) % 7));
}

const cache = new Map<number, Set<string>>();

/** The bank holidays of England and Wales in a year, as YYYY-MM-DD. */
export function bankHolidaysOfEngland(year: number): Set<string> {
	const cached = cache.get(year);
	if (cached) return cached;
	const days = new Set<string>();
	const add = (d: Date) => {
		if (!movedUsual.has(isoOf(d))) days.add(isoOf(d));
	};

	// New Year's Day, substituted to Monday when it falls at a weekend.
	const newYear = new Date(Date.UTC(year, 0, 1));
	const ny = newYear.getUTCDay();
	add(ny === 6 ? addDaysUtc(newYear, 2) : ny === 0 ? addDaysUtc(newYear, 1) : newYear);

	const easter = easterSunday(year);
	add(addDaysUtc(easter, -2)); // Good Friday
	add(addDaysUtc(easter, 1)); // Easter Monday
	add(firstOnOrAfter(year, 5, 1, 1)); // Early May
	add(lastInMonth(year, 5, 1)); // Spring
	add(lastInMonth(year, 8, 1)); // Summer

	// Christmas and Boxing Day with substitutes.
	const christmas = new Date(Date.UTC(year, 11, 25));
	const cd = christmas.getUTCDay();
	if (cd === 5) {
		add(christmas);
		add(iso2date(iso(year, 12, 28)));
	} else if (cd === 6) {
		add(iso2date(iso(year, 12, 27)));
		add(iso2date(iso(year, 12, 28)));
	} else if (cd === 0) {
		add(iso2date(iso(year, 12, 26)));
		add(iso2date(iso(year, 12, 27)));
	} else {
		add(christmas);
		add(addDaysUtc(christmas, 1));
	}
	for (const d of oneOffHolidays) if (d.startsWith(`${year}-`)) days.add(d);
	cache.set(year, days);
	return days;
}

function iso2date(s: string): Date {
	return new Date(`${s}T00:00:00Z`);
}

export function isWorkingDay(date: Date): boolean {
	const weekday = date.getUTCDay();
	if (weekday === 0 || weekday === 6) return false;
	return !bankHolidaysOfEngland(date.getUTCFullYear()).has(isoOf(date));
}

/**
 * The moment `days` working days after `from`, at the same time of day. A referral that
 * arrives at a weekend starts counting from the next working day.
 */
export function addWorkingDays(from: Date, days: number): Date {
	let date = new Date(from.getTime());
	let left = days;
	while (left > 0) {
		date = addDaysUtc(date, 1);
		if (isWorkingDay(date)) left -= 1;
	}
	return date;
}

/** Whole working days from `from` to `to` (negative when `to` is earlier). */
export function workingDaysBetween(from: Date, to: Date): number {
	const sign = to >= from ? 1 : -1;
	let [a, b] = sign > 0 ? [from, to] : [to, from];
	a = iso2date(isoOf(a));
	b = iso2date(isoOf(b));
	let count = 0;
	for (let d = addDaysUtc(a, 1); d <= b; d = addDaysUtc(d, 1)) if (isWorkingDay(d)) count += 1;
	return sign * count;
}

/** "due in 3 days", "due today", "2 days overdue" (calendar days, as a Member reads them). */
export function describeDue(dueAt: Date, now: Date): string {
	const days = Math.round(
		(iso2date(isoOf(dueAt)).getTime() - iso2date(isoOf(now)).getTime()) / 86_400_000
	);
	if (days === 0) return dueAt >= now ? 'due today' : 'overdue today';
	if (days === 1) return 'due tomorrow';
	if (days > 1) return `due in ${days} days`;
	if (days === -1) return '1 day overdue';
	return `${-days} days overdue`;
}

/** A unit's response targets in working days: `targetDays` is the routine one. */
export interface ResponseTargets {
	targetDays: number;
	targetDaysSoon: number;
	targetDaysUrgent: number;
}

/**
 * The targets a unit gets when only the routine one is given (and what the migration backfilled):
 * soon is half the routine target, urgent a fifth, each rounded up and at least one day.
 */
export function defaultTargets(routine: number): ResponseTargets {
	return {
		targetDays: routine,
		targetDaysSoon: Math.max(1, Math.ceil(routine / 2)),
		targetDaysUrgent: Math.max(1, Math.ceil(routine / 5))
	};
}

/** The one due-date rule: the unit's target for this urgency, in working days from `from`. */
export function dueDate(
	from: Date,
	targets: ResponseTargets,
	urgency: 'routine' | 'soon' | 'urgent' | string
): Date {
	const days =
		urgency === 'urgent'
			? targets.targetDaysUrgent
			: urgency === 'soon'
				? targets.targetDaysSoon
				: targets.targetDays;
	return addWorkingDays(from, days);
}
