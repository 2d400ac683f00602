// Referral rows as analysis and exports may show them: no resident, no description, no house
// number; the street, postcode district, dates, routing and how the answer went. The only place
// those reads are written, so what leaves the server through insights is decided here.
import { and, asc, inArray, sql, type SQL } from 'drizzle-orm';
import { channelLabels, statusLabels, type Channel, type Status } from '#domain/enums';
import type { Db } from '../db/open.ts';
import { categories, referrals, timelineEntries, units, users, wards } from '../db/schema.ts';
import { placeReader, type PublicPlace, type StoredLocation } from '../privacy/anonymise.ts';
import type { Period } from './period.ts';
import { createWorkingDayCounter, type WorkingDayCounter } from './working-day-counter.ts';

export interface Names {
	wards: Map<string, string>;
	categories: Map<string, { name: string; unitId: string }>;
	units: Map<string, { name: string; targetDays: number }>;
	members: Map<string, string>;
	/** Ids of retired wards, categories and units: still named for history, never dropped. */
	retired: { wards: Set<string>; categories: Set<string>; units: Set<string> };
}

const retiredIds = (rows: { id: string; active: boolean }[]) =>
	new Set(rows.filter((row) => !row.active).map((row) => row.id));

export function loadNames(db: Db): Names {
	const wardRows = db.select().from(wards).all();
	const categoryRows = db.select().from(categories).all();
	const unitRows = db.select().from(units).all();
	return {
		wards: new Map(wardRows.map((w) => [w.id, w.name])),
		categories: new Map(categoryRows.map((c) => [c.id, { name: c.name, unitId: c.unitId }])),
		units: new Map(unitRows.map((u) => [u.id, { name: u.name, targetDays: u.targetDays }])),
		members: new Map(
			db
				.select({ id: users.id, name: users.displayName })
				.from(users)
				.where(sql`${users.role} = 'member'`)
				.all()
				.map((u) => [u.id, u.name])
		),
		retired: {
			wards: retiredIds(wardRows),
			categories: retiredIds(categoryRows),
			units: retiredIds(unitRows)
		}
	};
}

/**
 * The first answer the service team gave: the earliest response in the timeline, or the time
 * the status became "responded" when it was moved without a written response. Column names are
 * qualified by hand: drizzle leaves them bare in a one-table select, where a bare "id" inside
 * the subquery would mean the timeline entry's id.
 */
export const firstResponseAt = sql<string | null>`coalesce((
	select min(response.at) from ${timelineEntries} as response
	where response.referral_id = ${referrals}.id and response.kind = 'response'
), ${referrals}.responded_at)`;

/** created_at within the period, and the optional ward and category filters. */
export function periodConditions(
	period: Period,
	filters: { wardId?: string; categoryId?: string } = {}
): SQL[] {
	const conditions = [
		sql`${referrals.createdAt} >= ${period.startIso}`,
		sql`${referrals.createdAt} < ${period.endIso}`
	];
	if (filters.wardId) conditions.push(sql`${referrals.wardId} = ${filters.wardId}`);
	if (filters.categoryId) conditions.push(sql`${referrals.categoryId} = ${filters.categoryId}`);
	return conditions;
}

export interface AnonymisedReferral {
	reference: string;
	receivedOn: string;
	ward: string;
	category: string;
	unit: string;
	channel: string;
	urgency: string;
	status: string;
	street: string;
	postcodeDistrict: string;
	dueOn: string | null;
	firstResponseOn: string | null;
	/** Working days (weekends and bank holidays of England not counted) to the first answer. */
	workingDaysToResponse: number | null;
	/** Answered within the unit's target in working days; null while unanswered. */
	withinTarget: boolean | null;
}

/** What the figures call a referral whose street may not be shown. */
export const unknownStreet = 'Unknown street';

export interface AnonymiseContext {
	names: Names;
	workingDays: WorkingDayCounter;
	place: (location: StoredLocation) => PublicPlace;
}

export const anonymiseContext = (db: Db): AnonymiseContext => ({
	names: loadNames(db),
	workingDays: createWorkingDayCounter(),
	place: placeReader()
});

/** Reads the matching referrals (oldest first) in the anonymised shape. */
export function readAnonymised(
	db: Db,
	conditions: SQL[],
	context: AnonymiseContext = anonymiseContext(db)
): AnonymisedReferral[] {
	const { names, workingDays, place } = context;
	const rows = db
		.select({
			reference: referrals.reference,
			createdAt: referrals.createdAt,
			wardId: referrals.wardId,
			categoryId: referrals.categoryId,
			unitId: referrals.unitId,
			channel: referrals.channel,
			urgency: referrals.urgency,
			status: referrals.status,
			address: referrals.locationAddress,
			postcode: referrals.locationPostcode,
			personalDataRemovedAt: referrals.personalDataRemovedAt,
			dueAt: referrals.dueAt,
			firstResponseAt
		})
		.from(referrals)
		.where(and(...conditions))
		.orderBy(asc(referrals.createdAt))
		.all();
	return rows.map((r) => {
		const unit = r.unitId ? names.units.get(r.unitId) : undefined;
		const { street, district } = place(r);
		const days = r.firstResponseAt
			? workingDays(new Date(r.createdAt), new Date(r.firstResponseAt))
			: null;
		return {
			reference: r.reference,
			receivedOn: r.createdAt.slice(0, 10),
			ward: names.wards.get(r.wardId) ?? 'Unknown ward',
			category: names.categories.get(r.categoryId)?.name ?? 'Unknown category',
			unit: unit?.name ?? 'Not routed',
			channel: channelLabels[r.channel as Channel] ?? r.channel,
			urgency: r.urgency,
			status: statusLabels[r.status as Status] ?? r.status,
			street: street ?? unknownStreet,
			postcodeDistrict: district,
			dueOn: r.dueAt?.slice(0, 10) ?? null,
			firstResponseOn: r.firstResponseAt?.slice(0, 10) ?? null,
			workingDaysToResponse: days,
			withinTarget: days === null || !unit ? null : days <= unit.targetDays
		};
	});
}

/** The anonymised rows for a list of referral ids, read in slices under SQLite's limits. */
export function readAnonymisedByIds(
	db: Db,
	ids: string[],
	context: AnonymiseContext
): AnonymisedReferral[] {
	const out: AnonymisedReferral[] = [];
	for (let i = 0; i < ids.length; i += 500)
		out.push(...readAnonymised(db, [inArray(referrals.id, ids.slice(i, i + 500))], context));
	return out;
}
