// Reading and writing referral rows: counters (reference, change number), timeline entries,
// and the conversion of rows into the ServerReferral shape the API promises.
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { ServerReferral, ServerReferralListItem, TimelineKind } from '#domain/referral';
import type { Channel, PreferredContact, Status, Urgency } from '#domain/enums';
import type { AppDeps, SessionUser } from '../context.ts';
import { locationChecksFor } from '../geography/location-flags.ts';
import type { Db } from '../db/open.ts';
import { preparedOnce } from '../db/prepared.ts';
import {
	changeCounter,
	crmOutbox,
	referralCounters,
	referrals,
	timelineEntries,
	users
} from '../db/schema.ts';

export type ReferralRow = typeof referrals.$inferSelect;

const bumpChangeNo = preparedOnce((db) =>
	db
		.insert(changeCounter)
		.values({ id: 1, value: 1 })
		.onConflictDoUpdate({
			target: changeCounter.id,
			set: { value: sql`${changeCounter.value} + 1` }
		})
		.returning({ value: changeCounter.value })
		.prepare()
);

/** The next server-wide change number; every write to a referral takes one. */
export function nextChangeNo(db: Db): number {
	const row = bumpChangeNo(db).get();
	if (!row) throw new Error('The change counter did not move');
	return row.value;
}

export function currentChangeNo(db: Db): number {
	return (
		db
			.select({ value: changeCounter.value })
			.from(changeCounter)
			.where(eq(changeCounter.id, 1))
			.get()?.value ?? 0
	);
}

const bumpReferralCounter = preparedOnce((db) =>
	db
		.insert(referralCounters)
		.values({ year: sql.placeholder('year'), last: 1 })
		.onConflictDoUpdate({
			target: referralCounters.year,
			set: { last: sql`${referralCounters.last} + 1` }
		})
		.returning({ last: referralCounters.last })
		.prepare()
);

/** CR-<year>-<5 digits>, counting from 1 each year. */
export function nextReference(db: Db, year: number): string {
	const row = bumpReferralCounter(db).get({ year });
	if (!row) throw new Error('The reference counter did not move');
	return `CR-${year}-${String(row.last).padStart(5, '0')}`;
}

/** What writing a referral needs; narrower than AppDeps so the CRM worker can write too. */
export type StoreDeps = Pick<AppDeps, 'db' | 'clock' | 'ids'>;

const insertTimelineEntry = preparedOnce((db) =>
	db
		.insert(timelineEntries)
		.values({
			id: sql.placeholder('id'),
			referralId: sql.placeholder('referralId'),
			at: sql.placeholder('at'),
			kind: sql.placeholder('kind'),
			byUserId: sql.placeholder('byUserId'),
			byName: sql.placeholder('byName'),
			text: sql.placeholder('text')
		})
		.prepare()
);

export function addTimeline(
	deps: StoreDeps,
	entry: {
		referralId: string;
		kind: TimelineKind;
		by: SessionUser | null;
		text: string;
		at?: string;
		/** Who to name when `by` is not a person (default: Wardline). */
		byName?: string;
	}
): void {
	insertTimelineEntry(deps.db).run({
		id: deps.ids(),
		referralId: entry.referralId,
		at: entry.at ?? deps.clock().toISOString(),
		kind: entry.kind,
		byUserId: entry.by?.id ?? null,
		byName: entry.by?.displayName ?? entry.byName ?? 'Wardline',
		text: entry.text
	});
}

/** Updates a referral's columns and gives it a new change number so it flows to pulls. */
export function updateReferral(
	deps: StoreDeps,
	id: string,
	values: Partial<ReferralRow>
): ReferralRow {
	return deps.db
		.update(referrals)
		.set({ ...values, updatedAt: deps.clock().toISOString(), changeNo: nextChangeNo(deps.db) })
		.where(eq(referrals.id, id))
		.returning()
		.get();
}

const selectReferral = preparedOnce((db) =>
	db
		.select()
		.from(referrals)
		.where(eq(referrals.id, sql.placeholder('id')))
		.prepare()
);

export function findReferral(db: Db, id: string): ReferralRow | undefined {
	return selectReferral(db).get({ id });
}

export function summary(row: Pick<ReferralRow, 'id' | 'reference' | 'status'>) {
	return { id: row.id, reference: row.reference, status: row.status };
}

/**
 * Which of these referrals are queued for the CRM or were sent to it: read from the CRM's table
 * directly, so the referral store needs nothing from the CRM connector (which writes through it).
 */
function queuedForCrm(db: Db, referralIds: string[]): Set<string> {
	return new Set(
		db
			.select({ referralId: crmOutbox.referralId })
			.from(crmOutbox)
			.where(inArray(crmOutbox.referralId, referralIds))
			.all()
			.map((r) => r.referralId)
	);
}

/** "logged with the council" once the CRM gave an id; "waiting" while queued for it. */
function crmView(row: ReferralRow, queued: boolean): NonNullable<ServerReferral['crm']> {
	if (row.crmServiceRequestId)
		return { state: 'logged', serviceRequestId: row.crmServiceRequestId };
	return { state: queued ? 'waiting' : 'off', serviceRequestId: null };
}

/**
 * Rows as the API shape; owner names, timelines and CRM rows take one query each per batch.
 * Lists ask for no timelines (`timeline: false`): their rows carry none, and the query is skipped.
 */
export function toServerReferrals(db: Db, rows: ReferralRow[]): ServerReferral[];
export function toServerReferrals(
	db: Db,
	rows: ReferralRow[],
	options: { timeline: false }
): ServerReferralListItem[];
export function toServerReferrals(
	db: Db,
	rows: ReferralRow[],
	options: { timeline: boolean } = { timeline: true }
): (ServerReferral | ServerReferralListItem)[] {
	if (rows.length === 0) return [];
	const ids = rows.map((r) => r.id);
	const ownerIds = [
		...new Set(rows.flatMap((r) => (r.assigneeId ? [r.ownerId, r.assigneeId] : [r.ownerId])))
	];
	const names = new Map(
		db
			.select({ id: users.id, displayName: users.displayName })
			.from(users)
			.where(inArray(users.id, ownerIds))
			.all()
			.map((u) => [u.id, u.displayName])
	);
	const queued = queuedForCrm(db, ids);
	const locationChecks = locationChecksFor(db, rows);
	const timelines = new Map<string, ServerReferral['timeline']>();
	// rowid keeps insertion order, which is the order things happened on the server.
	const entries = !options.timeline
		? []
		: db
				.select()
				.from(timelineEntries)
				.where(inArray(timelineEntries.referralId, ids))
				.orderBy(asc(sql`rowid`))
				.all();
	for (const e of entries) {
		const list = timelines.get(e.referralId) ?? [];
		list.push({ id: e.id, at: e.at, kind: e.kind as TimelineKind, by: e.byName, text: e.text });
		timelines.set(e.referralId, list);
	}
	return rows.map((r) => ({
		id: r.id,
		reference: r.reference,
		ownerId: r.ownerId,
		ownerName: names.get(r.ownerId) ?? '',
		createdById: r.createdById,
		wardId: r.wardId,
		categoryId: r.categoryId,
		unitId: r.unitId,
		assignee: r.assigneeId ? { id: r.assigneeId, name: names.get(r.assigneeId) ?? '' } : null,
		duplicateOfId: r.duplicateOfId,
		channel: r.channel as Channel,
		urgency: r.urgency as Urgency,
		status: r.status as Status,
		description: r.description,
		location: { address: r.locationAddress, postcode: r.locationPostcode, lat: r.lat, lng: r.lng },
		resident: {
			name: r.residentName,
			address: r.residentAddress,
			phone: r.residentPhone,
			email: r.residentEmail,
			preferredContact: r.residentPreferredContact as PreferredContact | null,
			consentToShare: r.residentConsentToShare,
			shareWith: r.residentShareWith,
			shareWithBodyIds: r.residentShareWithBodyIds
		},
		photoIds: r.photoIds,
		capturedAt: r.capturedAt,
		createdAt: r.createdAt,
		updatedAt: r.updatedAt,
		dueAt: r.dueAt,
		respondedAt: r.respondedAt,
		residentToldAt: r.residentToldAt,
		rating: r.rating,
		...(options.timeline ? { timeline: timelines.get(r.id) ?? [] } : {}),
		locationCheck: locationChecks.get(r.id),
		crm: crmView(r, queued.has(r.id))
	}));
}
