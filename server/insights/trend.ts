// Daily counts gathered into weeks (Monday to Sunday) and calendar months across a whole period,
// empty buckets included so a chart's gaps are real gaps. Partial first and last buckets say so.
import { addDays, type Period } from './period.ts';

export interface TrendPoint {
	/** First day of the bucket (YYYY-MM-DD), possibly before the period starts. */
	start: string;
	count: number;
	/** The bucket runs past either end of the period, so it holds fewer days than usual. */
	partial: boolean;
}

const weekday = (day: string) => new Date(`${day}T00:00:00.000Z`).getUTCDay();
const mondayOf = (day: string) => addDays(day, -((weekday(day) + 6) % 7));
const monthOf = (day: string) => `${day.slice(0, 7)}-01`;
function nextMonth(start: string): string {
	const [year, month] = start.split('-').map(Number);
	return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

function buckets(
	period: Period,
	counts: Map<string, number>,
	startOf: (day: string) => string,
	next: (start: string) => string
): TrendPoint[] {
	const points: TrendPoint[] = [];
	for (let start = startOf(period.from); start <= period.to; start = next(start)) {
		const end = addDays(next(start), -1);
		let count = 0;
		for (
			let day = start < period.from ? period.from : start;
			day <= end && day <= period.to;
			day = addDays(day, 1)
		)
			count += counts.get(day) ?? 0;
		points.push({ start, count, partial: start < period.from || end > period.to });
	}
	return points;
}

export function bucketTrend(
	period: Period,
	byDay: { day: string; count: number }[]
): { weekly: TrendPoint[]; monthly: TrendPoint[] } {
	const counts = new Map(byDay.map((d) => [d.day, d.count]));
	return {
		weekly: buckets(period, counts, mondayOf, (start) => addDays(start, 7)),
		monthly: buckets(period, counts, monthOf, nextMonth)
	};
}
