// The query every insight and export takes (from, to, ward, category), checked strictly, and the
// period it names. Days are whole UTC dates, both ends included; the default is the last 90 days.
import { z } from 'zod';
import { describeError } from '#domain/validation';
import { done, refused, type Outcome } from '../outcome.ts';

export const defaultPeriodDays = 90;
const maxPeriodDays = 20 * 366;
const dayMs = 86_400_000;

// Years are held to 1900-2999: the working-day and period arithmetic breaks at the edges (years
// 1-99 threw, year 0 ran out of memory, 9999 looped for ever; see hostile-input.regressions.test).
const isoDate = z.iso
	.date({ error: 'Use a date written like 2026-03-02', abort: true })
	.refine((day) => day >= '1900-01-01' && day <= '2999-12-31', {
		error: 'Use a date between 1900 and 2999'
	});
const id = z.string().trim().min(1, { error: 'Leave it out rather than empty' }).max(100);

export const InsightsQuery = z.object({
	from: isoDate.optional(),
	to: isoDate.optional(),
	wardId: id.optional(),
	categoryId: id.optional()
});
export type InsightsQuery = z.infer<typeof InsightsQuery>;

export const HotspotsQuery = InsightsQuery.pick({ from: true, to: true });
export type HotspotsQuery = z.infer<typeof HotspotsQuery>;

/**
 * Parses a query string strictly: an unknown parameter is refused by name (a typo such as
 * `ward=` would otherwise silently show the whole council).
 */
export function parseQuery<S extends z.ZodObject>(
	schema: S,
	query: Record<string, string>
): Outcome<z.infer<S>> {
	const known = Object.keys(schema.shape);
	const unknown = Object.keys(query).filter((key) => !known.includes(key));
	if (unknown.length > 0)
		return refused(
			'invalid',
			`Unknown parameter ${unknown.map((k) => `"${k}"`).join(', ')}. ` +
				`Use only ${known.join(', ')}.`
		);
	const parsed = schema.safeParse(query);
	return parsed.success ? done(parsed.data) : refused('invalid', describeError(parsed.error));
}

export interface Period {
	/** First day, YYYY-MM-DD. */
	from: string;
	/** Last day, YYYY-MM-DD (included). */
	to: string;
	days: number;
	/** The instant the period starts and the instant after it ends, for created_at comparisons. */
	startIso: string;
	endIso: string;
}

const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const parseDay = (day: string) => new Date(`${day}T00:00:00.000Z`);
export const addDays = (day: string, days: number) =>
	dayOf(new Date(parseDay(day).getTime() + days * dayMs));

export function periodOf(from: string, to: string): Period {
	const days = Math.round((parseDay(to).getTime() - parseDay(from).getTime()) / dayMs) + 1;
	return {
		from,
		to,
		days,
		startIso: parseDay(from).toISOString(),
		endIso: parseDay(addDays(to, 1)).toISOString()
	};
}

/** The period a query names; missing ends default to today and the 90 days up to `to`. */
export function resolvePeriod(query: { from?: string; to?: string }, now: Date): Outcome<Period> {
	const to = query.to ?? (query.from && query.from > dayOf(now) ? query.from : dayOf(now));
	const from = query.from ?? addDays(to, -(defaultPeriodDays - 1));
	if (from > to)
		return refused(
			'invalid',
			`The start date (${from}) must be on or before the end date (${to}).`
		);
	const period = periodOf(from, to);
	if (period.days > maxPeriodDays)
		return refused('invalid', 'Choose a period of at most 20 years.');
	return done(period);
}

/** The k-th period of the same length before this one (k = 1 is the one just before). */
export function earlierPeriod(period: Period, k: number): Period {
	return periodOf(addDays(period.from, -k * period.days), addDays(period.to, -k * period.days));
}
