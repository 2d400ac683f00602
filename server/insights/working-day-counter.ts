// Working days between two instants in O(1) per pair, from a running count of working days per
// calendar day; the same answer as workingDaysBetween in the domain, which walks day by day and
// is too slow for tens of thousands of referrals in one request.
import { isWorkingDay } from '#domain/working-days';

const dayMs = 86_400_000;

export type WorkingDayCounter = (from: Date, to: Date) => number;

/** A counter for one request; it extends its table over the days it is asked about. */
export function createWorkingDayCounter(): WorkingDayCounter {
	let firstDay = 0;
	// upTo[i]: working days in (firstDay, firstDay + i], so upTo[0] = 0.
	let upTo: number[] = [];

	function index(day: number): number {
		if (upTo.length === 0) {
			firstDay = day;
			upTo = [0];
		}
		if (day < firstDay) {
			// Rebuild from the earlier day: rare (rows come roughly in order), and cheap.
			const prefix: number[] = [0];
			for (let d = day + 1; d <= firstDay; d += 1)
				prefix.push(prefix[prefix.length - 1] + (isWorkingDay(new Date(d * dayMs)) ? 1 : 0));
			const offset = prefix[prefix.length - 1];
			upTo = [...prefix, ...upTo.slice(1).map((n) => n + offset)];
			firstDay = day;
		}
		while (firstDay + upTo.length - 1 < day) {
			const next = firstDay + upTo.length;
			upTo.push(upTo[upTo.length - 1] + (isWorkingDay(new Date(next * dayMs)) ? 1 : 0));
		}
		return upTo[day - firstDay];
	}

	return (from, to) => {
		const a = Math.floor(from.getTime() / dayMs);
		const b = Math.floor(to.getTime() / dayMs);
		// The earlier day first: looking it up may rebase the table, which the later one then shares.
		const lower = index(Math.min(a, b));
		const upper = index(Math.max(a, b));
		return b >= a ? upper - lower : lower - upper;
	};
}
