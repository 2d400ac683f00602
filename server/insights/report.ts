// GET /api/insights: counts by ward and category, the trend, and service performance by Business
// Unit, channel and Member for one period. All counts; nothing about any resident.
import { and, sql } from 'drizzle-orm';
import { channelLabels, channels, type Role } from '#domain/enums';
import type { Db } from '../db/open.ts';
import { referrals } from '../db/schema.ts';
import { firstResponseAt, loadNames, periodConditions } from './anonymised-referrals.ts';
import type { Period } from './period.ts';
import { computePerformance, type Figures } from './performance.ts';
import { bucketTrend, type TrendPoint } from './trend.ts';
import { createWorkingDayCounter } from './working-day-counter.ts';

interface Named {
	id: string;
	name: string;
}

/** false: retired since (shown for history: only while it has referrals in the period). */
interface Active {
	active: boolean;
}

export interface InsightsReport {
	period: { from: string; to: string; days: number };
	filters: { wardId: string | null; categoryId: string | null };
	/** Referrals are counted on the day the council received them (UTC). */
	total: number;
	heatMap: {
		wards: (Named & Active & { total: number })[];
		categories: (Named & Active & { total: number })[];
		cells: { wardId: string; categoryId: string; count: number }[];
		max: number;
	};
	trend: { weekly: TrendPoint[]; monthly: TrendPoint[] };
	performance: {
		dayBasis: 'working days';
		council: Figures;
		units: (Named & Active & { targetDays: number } & Figures)[];
	};
	channels: ({ channel: string; label: string } & Figures)[];
	members: {
		/** 'own': a Member's figures beside the council's; 'all': every Member (admin only). */
		scope: 'own' | 'all' | 'council';
		council: Figures;
		mine: (Named & Figures) | null;
		perMember: (Named & Figures)[];
	};
}

export interface Viewer {
	id: string;
	role: Role;
}

export function buildInsights(
	db: Db,
	period: Period,
	filters: { wardId?: string; categoryId?: string },
	viewer: Viewer,
	now: Date
): InsightsReport {
	const names = loadNames(db);
	const where = and(...periodConditions(period, filters));

	const cells = db
		.select({
			wardId: referrals.wardId,
			categoryId: referrals.categoryId,
			count: sql<number>`count(*)`
		})
		.from(referrals)
		.where(where)
		.groupBy(referrals.wardId, referrals.categoryId)
		.all();
	const byDay = db
		.select({
			day: sql<string>`substr(${referrals.createdAt}, 1, 10)`,
			count: sql<number>`count(*)`
		})
		.from(referrals)
		.where(where)
		.groupBy(sql`1`)
		.all();
	const rows = db
		.select({
			unitId: referrals.unitId,
			channel: referrals.channel,
			ownerId: referrals.ownerId,
			status: referrals.status,
			createdAt: referrals.createdAt,
			dueAt: referrals.dueAt,
			rating: referrals.rating,
			firstResponseAt
		})
		.from(referrals)
		.where(where)
		.all();

	const wardTotals = new Map<string, number>();
	const categoryTotals = new Map<string, number>();
	for (const cell of cells) {
		wardTotals.set(cell.wardId, (wardTotals.get(cell.wardId) ?? 0) + cell.count);
		categoryTotals.set(cell.categoryId, (categoryTotals.get(cell.categoryId) ?? 0) + cell.count);
	}
	const byName = (a: Named, b: Named) => a.name.localeCompare(b.name);
	// Every ward and category in use has its row, even at 0; a retired one only while it has
	// referrals in the period (or is the filter), so old boundaries do not pad the map.
	const shown =
		(chosen: string | undefined) => (row: { id: string; active: boolean; total: number }) =>
			chosen ? row.id === chosen : row.active || row.total > 0;
	const wardList = [...names.wards]
		.map(([id, name]) => ({
			id,
			name,
			active: !names.retired.wards.has(id),
			total: wardTotals.get(id) ?? 0
		}))
		.filter(shown(filters.wardId))
		.sort(byName);
	const categoryList = [...names.categories]
		.map(([id, c]) => ({
			id,
			name: c.name,
			active: !names.retired.categories.has(id),
			total: categoryTotals.get(id) ?? 0
		}))
		.filter(shown(filters.categoryId))
		.sort(byName);

	const grouped = computePerformance(
		rows,
		(unitId) => names.units.get(unitId)?.targetDays,
		now,
		createWorkingDayCounter()
	);
	const units = [...names.units]
		.map(([id, unit]) => ({
			id,
			name: unit.name,
			active: !names.retired.units.has(id),
			targetDays: unit.targetDays
		}))
		.filter((unit) => grouped.byUnit.has(unit.id))
		.map((unit) => ({ ...unit, ...(grouped.byUnit.get(unit.id) as Figures) }))
		.sort(byName);
	const channelFigures = channels
		.filter((channel) => grouped.byChannel.has(channel))
		.map((channel) => ({
			channel,
			label: channelLabels[channel],
			...(grouped.byChannel.get(channel) as Figures)
		}));
	const memberFigures = (id: string) => ({
		id,
		name: names.members.get(id) ?? 'Former Member',
		...(grouped.byOwner.get(id) ??
			computePerformance(
				[],
				() => undefined,
				now,
				() => 0
			).council)
	});

	return {
		period: { from: period.from, to: period.to, days: period.days },
		filters: { wardId: filters.wardId ?? null, categoryId: filters.categoryId ?? null },
		total: rows.length,
		heatMap: {
			wards: wardList,
			categories: categoryList,
			cells: cells.filter((c) => c.count > 0),
			max: Math.max(0, ...cells.map((c) => c.count))
		},
		trend: bucketTrend(period, byDay),
		performance: { dayBasis: 'working days', council: grouped.council, units },
		channels: channelFigures,
		members: {
			scope: viewer.role === 'admin' ? 'all' : viewer.role === 'member' ? 'own' : 'council',
			council: grouped.council,
			mine: viewer.role === 'member' ? memberFigures(viewer.id) : null,
			perMember:
				viewer.role === 'admin'
					? [...new Set([...names.members.keys(), ...grouped.byOwner.keys()])]
							.map(memberFigures)
							.sort(byName)
					: []
		}
	};
}
