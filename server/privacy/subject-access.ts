// The subject access file: everything Wardline holds about one resident, as one JSON document
// with a plain-English cover note, ready for an admin to check and send. Making it is audited.
import { asc, eq, inArray } from 'drizzle-orm';
import type { AppDeps, SessionUser } from '../context.ts';
import {
	attachments,
	auditLog,
	categories,
	timelineEntries,
	units,
	users,
	wards
} from '../db/schema.ts';
import { audit } from '../referrals/audit.ts';
import type { ReferralRow } from '../referrals/store.ts';
import { classifyQuery } from './resident-match.ts';
import { findResident, type ResidentFindings } from './resident-search.ts';

/** Photos are put in the file (base64) up to this total; past it they are listed by id only. */
export const maxInlinePhotoBytes = 20 * 1024 * 1024;

const systemActors: Record<string, string> = {
	'system:crm': 'The council’s CRM (automatic)',
	'system:retention': 'Retention policy (automatic)'
};

export function actorName(userId: string, displayName: string | null): string {
	return displayName ?? systemActors[userId] ?? userId;
}

function coverNote(generatedAt: string, by: string, findings: ResidentFindings): string[] {
	const count = findings.referrals.length;
	return [
		`This file lists what Wardline, the council’s system for referrals made through ward Members, holds about the person searched for. ${by} made it on ${generatedAt.slice(0, 10)} in answer to a subject access request.`,
		count === 0 && findings.mentions.length === 0
			? 'Wardline holds nothing that matches. Search again with any other name, email address or phone number the person has used.'
			: `It found ${count} referral(s) made for them and ${findings.mentions.length} mention(s) of them on other referrals.`,
		'"residents" lists each set of name and contact details found; the same person appears more than once if they gave different details. Each has a residentKey: use it to erase those details.',
		'"referrals" are the problems reported for them, each with its history ("timeline"), its photos, and "accessLog": when council staff looked at or changed it.',
		'"mentions" are notes or descriptions on other people’s referrals that name them; only those passages are included.',
		'Before sending this file, read it for other people’s details (a neighbour named in a description, for example) and remove them. Some referrals were also sent to the council’s CRM (see crmServiceRequestId): ask the CRM team for what it holds.'
	];
}

function nameMaps(db: AppDeps['db']) {
	const toMap = (rows: { id: string; name: string }[]) => new Map(rows.map((r) => [r.id, r.name]));
	return {
		wards: toMap(db.select({ id: wards.id, name: wards.name }).from(wards).all()),
		categories: toMap(
			db.select({ id: categories.id, name: categories.name }).from(categories).all()
		),
		units: toMap(db.select({ id: units.id, name: units.name }).from(units).all()),
		users: toMap(db.select({ id: users.id, name: users.displayName }).from(users).all())
	};
}

function photosFor(db: AppDeps['db'], ids: string[]) {
	const rows = ids.length
		? db
				.select({
					id: attachments.id,
					referralId: attachments.referralId,
					contentType: attachments.contentType,
					size: attachments.size,
					sha256: attachments.sha256
				})
				.from(attachments)
				.where(inArray(attachments.referralId, ids))
				.orderBy(asc(attachments.createdAt))
				.all()
		: [];
	let budget = maxInlinePhotoBytes;
	return rows.map((photo) => {
		const included = photo.size <= budget;
		if (!included) return { ...photo, included, base64: null };
		budget -= photo.size;
		const data = db
			.select({ data: attachments.data })
			.from(attachments)
			.where(eq(attachments.id, photo.id))
			.get();
		return { ...photo, included, base64: data ? Buffer.from(data.data).toString('base64') : null };
	});
}

function residentOf(row: ReferralRow) {
	return {
		name: row.residentName,
		address: row.residentAddress,
		phone: row.residentPhone,
		email: row.residentEmail,
		preferredContact: row.residentPreferredContact,
		consentToShare: row.residentConsentToShare,
		shareWith: row.residentShareWith,
		shareWithBodyIds: row.residentShareWithBodyIds
	};
}

export type SubjectAccessFile = ReturnType<typeof subjectAccessFile>;

/** Builds the file for `text` (a name, email address or phone number) and audits that it was made. */
export function subjectAccessFile(deps: AppDeps, admin: SessionUser, text: string) {
	const findings = findResident(deps.db, classifyQuery(text));
	const generatedAt = deps.clock().toISOString();
	const names = nameMaps(deps.db);
	const ids = findings.referrals.map((r) => r.row.id);
	const timelines = ids.length
		? deps.db
				.select()
				.from(timelineEntries)
				.where(inArray(timelineEntries.referralId, ids))
				.orderBy(asc(timelineEntries.at))
				.all()
		: [];
	const accessLog = ids.length
		? deps.db
				.select({ log: auditLog, userName: users.displayName })
				.from(auditLog)
				.leftJoin(users, eq(users.id, auditLog.userId))
				.where(inArray(auditLog.referralId, ids))
				.orderBy(asc(auditLog.id))
				.all()
		: [];
	const photos = photosFor(deps.db, ids);

	const residents = new Map<string, ReturnType<typeof residentOf> & { references: string[] }>();
	for (const { row, residentKey } of findings.referrals) {
		const known = residents.get(residentKey) ?? { ...residentOf(row), references: [] };
		known.references.push(row.reference);
		residents.set(residentKey, known);
	}

	const file = {
		title: 'Subject access: what Wardline holds about a resident',
		coverNote: coverNote(generatedAt, admin.displayName, findings),
		generatedAt,
		generatedBy: admin.displayName,
		searchedFor: { kind: findings.query.kind, text },
		residents: [...residents].map(([residentKey, resident]) => ({ residentKey, ...resident })),
		referrals: findings.referrals.map(({ row, residentKey }) => ({
			reference: row.reference,
			id: row.id,
			residentKey,
			status: row.status,
			receivedAt: row.createdAt,
			capturedAt: row.capturedAt,
			member: names.users.get(row.ownerId) ?? row.ownerId,
			ward: names.wards.get(row.wardId) ?? row.wardId,
			category: names.categories.get(row.categoryId) ?? row.categoryId,
			businessUnit: row.unitId ? (names.units.get(row.unitId) ?? row.unitId) : null,
			channel: row.channel,
			urgency: row.urgency,
			description: row.description,
			location: {
				address: row.locationAddress,
				postcode: row.locationPostcode,
				lat: row.lat,
				lng: row.lng
			},
			resident: residentOf(row),
			rating: row.rating,
			ratingComment: row.ratingComment,
			closedAt: row.closedAt,
			crmServiceRequestId: row.crmServiceRequestId,
			timeline: timelines
				.filter((e) => e.referralId === row.id)
				.map((e) => ({ at: e.at, kind: e.kind, by: e.byName, text: e.text })),
			photos: photos
				.filter((p) => p.referralId === row.id)
				.map(({ referralId: _, ...photo }) => photo),
			accessLog: accessLog
				.filter((a) => a.log.referralId === row.id)
				.map((a) => ({
					at: a.log.at,
					by: actorName(a.log.userId, a.userName),
					action: a.log.action,
					detail: a.log.detail
				}))
		})),
		mentions: findings.mentions.map((m) => ({
			reference: m.reference,
			at: m.at,
			kind: m.kind,
			by: m.by,
			text: m.text
		})),
		photosLeftOut: photos.some((p) => !p.included)
			? `Some photos were too large to fit in one file (over ${maxInlinePhotoBytes / 1024 / 1024} MB in all); they are listed by id. Open each at /api/attachments/<id> while signed in as an admin.`
			: null
	};

	// The search itself (without the text searched for, which is personal data), then each read.
	audit(
		deps,
		admin,
		'subject_access',
		[null],
		JSON.stringify({
			searchedBy: findings.query.kind,
			referrals: ids.length,
			mentions: findings.mentions.length,
			residentKeys: [...residents.keys()]
		})
	);
	audit(deps, admin, 'subject_access', ids, 'included in a subject access file');
	const mentioned = [...new Set(findings.mentions.map((m) => m.referralId))];
	audit(deps, admin, 'subject_access', mentioned, 'a passage naming the person was included');
	return file;
}
