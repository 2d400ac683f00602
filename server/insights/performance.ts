// Service performance figures for a group of referrals: how fast the first answer came (working
// days), the share within the Business Unit's target, what is still open or overdue, and ratings.
import type { Status } from '#domain/enums';
import { isOpen } from '#domain/status-machine';
import type { WorkingDayCounter } from './working-day-counter.ts';

export interface PerformanceRow {
	unitId: string | null;
	channel: string;
	ownerId: string;
	status: string;
	createdAt: string;
	dueAt: string | null;
	rating: number | null;
	firstResponseAt: string | null;
}

export interface Figures {
	received: number;
	answered: number;
	/** Working days to the first answer, of those answered (nearest rank: half within this). */
	medianDays: number | null;
	/** Nine in ten of those answered had their first answer within this many working days. */
	p90Days: number | null;
	answeredWithinTarget: number;
	/** answeredWithinTarget / answered; null when nothing was answered. */
	withinTargetShare: number | null;
	/** Still waiting for the service team now. */
	open: number;
	/** Still waiting now and past the due date. */
	overdue: number;
	ratingAverage: number | null;
	ratingCount: number;
}

/** The value at rank ceil(q * n) of the sorted values: an actual observed number of days. */
export function nearestRank(sorted: number[], q: number): number | null {
	if (sorted.length === 0) return null;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

class Accumulator {
	received = 0;
	days: number[] = [];
	withinTarget = 0;
	open = 0;
	overdue = 0;
	ratingSum = 0;
	ratingCount = 0;

	figures(): Figures {
		const sorted = [...this.days].sort((a, b) => a - b);
		const answered = sorted.length;
		return {
			received: this.received,
			answered,
			medianDays: nearestRank(sorted, 0.5),
			p90Days: nearestRank(sorted, 0.9),
			answeredWithinTarget: this.withinTarget,
			withinTargetShare: answered > 0 ? this.withinTarget / answered : null,
			open: this.open,
			overdue: this.overdue,
			ratingAverage: this.ratingCount > 0 ? this.ratingSum / this.ratingCount : null,
			ratingCount: this.ratingCount
		};
	}
}

export interface GroupedFigures {
	council: Figures;
	byUnit: Map<string, Figures>;
	byChannel: Map<string, Figures>;
	byOwner: Map<string, Figures>;
}

export function computePerformance(
	rows: PerformanceRow[],
	targetDays: (unitId: string) => number | undefined,
	now: Date,
	workingDays: WorkingDayCounter
): GroupedFigures {
	const nowIso = now.toISOString();
	const council = new Accumulator();
	const byUnit = new Map<string, Accumulator>();
	const byChannel = new Map<string, Accumulator>();
	const byOwner = new Map<string, Accumulator>();
	const groupOf = (map: Map<string, Accumulator>, key: string) => {
		let acc = map.get(key);
		if (!acc) map.set(key, (acc = new Accumulator()));
		return acc;
	};

	for (const row of rows) {
		const groups = [council, groupOf(byChannel, row.channel), groupOf(byOwner, row.ownerId)];
		if (row.unitId) groups.push(groupOf(byUnit, row.unitId));
		const target = row.unitId ? targetDays(row.unitId) : undefined;
		const days = row.firstResponseAt
			? Math.max(0, workingDays(new Date(row.createdAt), new Date(row.firstResponseAt)))
			: null;
		const open = isOpen(row.status as Status);
		const overdue = open && row.dueAt !== null && row.dueAt < nowIso;
		for (const acc of groups) {
			acc.received += 1;
			if (days !== null) {
				acc.days.push(days);
				if (target !== undefined && days <= target) acc.withinTarget += 1;
			}
			if (open) acc.open += 1;
			if (overdue) acc.overdue += 1;
			if (row.rating !== null) {
				acc.ratingSum += row.rating;
				acc.ratingCount += 1;
			}
		}
	}

	const finish = (map: Map<string, Accumulator>) =>
		new Map([...map].map(([key, acc]) => [key, acc.figures()]));
	return {
		council: council.figures(),
		byUnit: finish(byUnit),
		byChannel: finish(byChannel),
		byOwner: finish(byOwner)
	};
}
