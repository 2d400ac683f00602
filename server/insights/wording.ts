// The plain sentences that state a hot spot's size ("Blocked drain in Belah: 14 in the last
// 90 days, 4.7 times its usual rate"), written once on the server so the page and the pack agree.
import { hotspotRule, type Excess } from './hotspot-rule.ts';
import type { Period } from './period.ts';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	timeZone: 'UTC'
});
export const formatDay = (day: string) => dateFormat.format(new Date(`${day}T00:00:00.000Z`));

/** "in the last 90 days" when the period ends today, else "from 2 Jan 2026 to 1 Apr 2026". */
export function describePeriod(period: Period, now: Date): string {
	if (period.to === now.toISOString().slice(0, 10)) return `in the last ${period.days} days`;
	return `from ${formatDay(period.from)} to ${formatDay(period.to)}`;
}

const oneDecimal = (n: number) => (Math.round(n * 10) / 10).toFixed(1).replace(/\.0$/, '');

/**
 * The hot spot's size against what flagged it: its own usual rate first (the easier figure to
 * read), then the council-wide rate when that flagged it too.
 */
export function describeHotspot(
	place: {
		kind: 'ward' | 'street';
		ward: string;
		category: string;
		street: string | null;
		postcodeDistrict: string | null;
	},
	flagged: Excess[],
	period: Period,
	periodText: string,
	baselinePeriods: number
): string {
	const subject =
		place.kind === 'ward'
			? `${place.category} in ${place.ward}`
			: `${place.category} on ${place.street} (${place.postcodeDistrict})`;
	const before = `the previous ${baselinePeriods * period.days} days`;
	const clauses = [...flagged]
		.sort((a) => (a.comparison === 'own_history' ? -1 : 1))
		.map((excess) => {
			if (excess.comparison === 'council_wide')
				return `${oneDecimal(excess.ratio ?? 0)} times the council-wide rate for a ward with ${place.ward}'s share of referrals (about ${oneDecimal(excess.expected)} expected)`;
			if (excess.ratio === null) return `none in ${before}`;
			return `${oneDecimal(excess.ratio)} times its usual rate (about ${oneDecimal(excess.expected)} per ${period.days} days over ${before})`;
		});
	return `${subject}: ${flagged[0]?.observed ?? 0} ${periodText}, ${clauses.join(', and ')}.`;
}

export function describePersistent(
	place: {
		category: string;
		street: string | null;
		postcodeDistrict: string | null;
		periodsWithReferrals: number;
	},
	period: Period
): string {
	return `${place.category} on ${place.street} (${place.postcodeDistrict}): reported in ${place.periodsWithReferrals} of the last ${hotspotRule.persistentWindow} periods of ${period.days} days.`;
}
