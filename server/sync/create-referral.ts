// The `create` mutation: a referral captured on a tablet arrives, gets its reference, and is
// routed at once to the Business Unit its category belongs to.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { channelLabels, type Channel } from '#domain/enums';
import type { CreateReferral } from '#domain/referral';
import { checkMove } from '#domain/status-machine';
import { dueDate } from '#domain/working-days';
import type { AppDeps, SessionUser } from '../context.ts';
import { enqueueForCrm } from '../crm/crm-outbox.ts';
import { checkLocation } from '../geography/location-check.ts';
import { mailOnRouted } from '../mail/mail-events.ts';
import { consentedBodyIds } from '../outside-bodies/consent.ts';
import type { Db } from '../db/open.ts';
import { preparedOnce } from '../db/prepared.ts';
import { attachments, categories, referrals, units, users, wards } from '../db/schema.ts';
import { actsForOwner } from '../referrals/access.ts';
import { acknowledgeRouting } from '../referrals/acknowledgement.ts';
import { audit } from '../referrals/audit.ts';
import {
	addTimeline,
	findReferral,
	nextChangeNo,
	nextReference,
	summary
} from '../referrals/store.ts';
import { reject, type AppliedOutcome } from './rejection.ts';

const channelPhrase: Record<Channel, string> = {
	surgery: 'at a ward surgery',
	phone: 'by phone',
	letter: 'from a letter',
	email: 'from an email',
	doorstep: 'on the doorstep',
	other: `(${channelLabels.other.toLowerCase()})`
};

const byId = sql.placeholder('id');
const lookups = preparedOnce((db: Db) => ({
	user: db.select().from(users).where(eq(users.id, byId)).prepare(),
	ward: db.select().from(wards).where(eq(wards.id, byId)).prepare(),
	category: db.select().from(categories).where(eq(categories.id, byId)).prepare(),
	unit: db.select().from(units).where(eq(units.id, byId)).prepare()
}));

const referralColumns = [
	'id',
	'reference',
	'ownerId',
	'createdById',
	'deviceId',
	'wardId',
	'categoryId',
	'unitId',
	'channel',
	'urgency',
	'status',
	'description',
	'locationAddress',
	'locationPostcode',
	'lat',
	'lng',
	'residentName',
	'residentAddress',
	'residentPhone',
	'residentEmail',
	'residentPreferredContact',
	'residentConsentToShare',
	'residentShareWith',
	'residentShareWithBodyIds',
	'photoIds',
	'capturedAt',
	'createdAt',
	'updatedAt',
	'routedAt',
	'dueAt',
	'changeNo'
] as const satisfies readonly (keyof typeof referrals.$inferInsert)[];
type NewReferral = Required<Pick<typeof referrals.$inferInsert, (typeof referralColumns)[number]>>;

const insertReferral = preparedOnce((db: Db) =>
	db
		.insert(referrals)
		.values(
			Object.fromEntries(
				referralColumns.map((column) => [column, sql.placeholder(column)])
			) as unknown as typeof referrals.$inferInsert
		)
		.returning()
		.prepare()
);

/**
 * Why a referral cannot be taken when its category's unit is retired, and what the Member can
 * do: the tablet cannot change a refused referral's category, but "Try again" works once an
 * admin sends the category to a unit in use.
 */
function noTeamFor(category: { name: string; active: boolean }): string {
	const why = category.active
		? `No team takes ${category.name} referrals just now`
		: `${category.name} is no longer used`;
	return `${why}. Capture the referral again with another kind of problem, then remove this one from the tablet.`;
}

/** Whose referral this will be: the Member themselves, or the Member a support officer keys in for. */
function ownerFor(deps: AppDeps, user: SessionUser, payload: CreateReferral): string {
	if (user.role === 'member') {
		if (payload.onBehalfOf !== undefined && payload.onBehalfOf !== user.id)
			reject('Members cannot capture on behalf of another Member');
		return user.id;
	}
	if (user.role === 'support') {
		if (!payload.onBehalfOf) reject('Choose the Member you are keying this referral in for');
		if (!actsForOwner(deps.db, user, payload.onBehalfOf))
			reject('You do not support that Member, so you cannot capture referrals for them');
		return payload.onBehalfOf;
	}
	return reject('Only Members and support officers capture referrals');
}

export function applyCreate(
	deps: AppDeps,
	user: SessionUser,
	deviceId: string,
	referralId: string,
	payload: CreateReferral
): AppliedOutcome {
	const existing = findReferral(deps.db, referralId);
	if (existing) {
		// The same referral sent again under a new mutation id (e.g. the outbox was rebuilt).
		if (actsForOwner(deps.db, user, existing.ownerId))
			return { status: 'duplicate', referral: summary(existing) };
		reject('This referral id is already in use');
	}
	const ownerId = ownerFor(deps, user, payload);
	const find = lookups(deps.db);
	const owner = find.user.get({ id: ownerId });
	if (!owner || owner.role !== 'member' || !owner.active)
		reject('That Member is not known to Wardline');

	// A tablet offers what its last sync said was in use, and may capture for days without a
	// signal, so a ward or category retired since is accepted: the Member's referral is not lost,
	// and it is counted where it was captured. A retired category still routes to its unit; only a
	// retired unit (no team to answer) is refused, and the referral stays on the tablet with why.
	// The rows read here carry `active`: no further query.
	const ward = find.ward.get({ id: payload.wardId });
	if (!ward) reject('Unknown ward');
	const category = find.category.get({ id: payload.categoryId });
	if (!category) reject('Unknown category');
	const unit = find.unit.get({ id: category.unitId });
	if (!unit) reject('The category is not routed to a Business Unit');
	if (!unit.active) reject(noTeamFor(category));

	const photoIds = [...new Set(payload.photoIds ?? [])];
	if (photoIds.length > 0) {
		const arrived = deps.db
			.select({ id: attachments.id, referralId: attachments.referralId })
			.from(attachments)
			.where(and(inArray(attachments.id, photoIds), eq(attachments.ownerId, user.id)))
			.all()
			.filter((a) => a.referralId === null || a.referralId === referralId);
		if (arrived.length !== photoIds.length)
			reject('A photo has not arrived yet; it will be sent again');
	}

	const now = deps.clock();
	const nowIso = now.toISOString();
	const dueAt = dueDate(now, unit, payload.urgency).toISOString();
	const move = checkMove('submitted', 'routed');
	if (!move.ok) throw new Error(move.reason);
	const { location, resident } = payload;
	const values: NewReferral = {
		id: referralId,
		reference: nextReference(deps.db, now.getUTCFullYear()),
		ownerId,
		createdById: user.id,
		deviceId,
		wardId: ward.id,
		categoryId: category.id,
		unitId: unit.id,
		channel: payload.channel,
		urgency: payload.urgency,
		status: 'routed',
		description: payload.description,
		locationAddress: location.address,
		locationPostcode: location.postcode,
		lat: location.lat ?? null,
		lng: location.lng ?? null,
		residentName: resident.name,
		residentAddress: resident.address ?? null,
		residentPhone: resident.phone ?? null,
		residentEmail: resident.email ?? null,
		residentPreferredContact: resident.preferredContact ?? null,
		residentConsentToShare: resident.consentToShare ?? false,
		residentShareWith: resident.shareWith ?? null,
		residentShareWithBodyIds: consentedBodyIds(deps.db, resident),
		photoIds,
		capturedAt: payload.capturedAt,
		createdAt: nowIso,
		updatedAt: nowIso,
		routedAt: nowIso,
		dueAt,
		changeNo: nextChangeNo(deps.db)
	};
	const row = insertReferral(deps.db).get(values);
	if (!row) throw new Error('The referral was not stored');
	if (photoIds.length > 0)
		deps.db.update(attachments).set({ referralId }).where(inArray(attachments.id, photoIds)).run();

	const keyedBy = user.id === ownerId ? '' : `; keyed in by ${user.displayName}`;
	addTimeline(deps, {
		referralId,
		kind: 'created',
		by: user,
		at: payload.capturedAt,
		text: `Captured by ${owner.displayName} ${channelPhrase[payload.channel]}${keyedBy}`
	});
	acknowledgeRouting(deps, referralId, unit, dueAt);
	// Issue 15: a location outside the ward it was filed under is flagged, never refused.
	checkLocation(deps, row);
	// Same transaction as the referral: it reaches the CRM's queue exactly when it exists here.
	if (deps.crm.enabled) enqueueForCrm(deps.db, referralId, now);
	// Same transaction too: the unit's officers hear of it exactly when it exists.
	mailOnRouted(deps, row);
	audit(deps, user, 'create', [referralId]);
	return { status: 'applied', referral: summary(row) };
}
