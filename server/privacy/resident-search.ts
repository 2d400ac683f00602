// Finds everything Wardline holds about one named resident: the referrals they are the resident
// of, and the notes and descriptions elsewhere that name them. Shared by subject access and erasure.
import { and, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { referrals, timelineEntries } from '../db/schema.ts';
import type { ReferralRow } from '../referrals/store.ts';
import {
	likeHint,
	mentionsIn,
	residentKey,
	residentKeySecret,
	residentMatches,
	type ResidentDetails,
	type ResidentQuery
} from './resident-match.ts';

/** A note or description on someone else's referral that names the resident. */
export interface Mention {
	referralId: string;
	reference: string;
	/** The timeline entry's id, or null when the referral's description names them. */
	timelineEntryId: string | null;
	at: string;
	kind: string;
	by: string;
	text: string;
}

export interface ResidentFindings {
	query: ResidentQuery;
	/** Referrals whose resident matches, oldest first, each with its resident's key. */
	referrals: { row: ReferralRow; residentKey: string }[];
	mentions: Mention[];
}

const detailColumns = {
	id: referrals.id,
	residentName: referrals.residentName,
	residentEmail: referrals.residentEmail,
	residentPhone: referrals.residentPhone
};

/** Referrals still holding personal details whose resident passes `keep`. */
function matchingReferrals(db: Db, keep: (row: ResidentDetails) => boolean): ReferralRow[] {
	// Normalised comparison (case, spacing, phone digits) does not fit SQL: scan the four columns.
	const ids = db
		.select(detailColumns)
		.from(referrals)
		.where(isNull(referrals.personalDataRemovedAt))
		.all()
		.filter(keep)
		.map((row) => row.id);
	if (ids.length === 0) return [];
	return db
		.select()
		.from(referrals)
		.where(inArray(referrals.id, ids))
		.orderBy(referrals.createdAt, referrals.id)
		.all();
}

const likePattern = (hint: string) => `%${hint.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

function findMentions(db: Db, query: ResidentQuery, ownIds: string[]): Mention[] {
	const pattern = likePattern(likeHint(query));
	const notOwn = (column: typeof referrals.id | typeof timelineEntries.referralId) =>
		ownIds.length > 0 ? notInArray(column, ownIds) : undefined;
	const notes = db
		.select({
			referralId: timelineEntries.referralId,
			reference: referrals.reference,
			timelineEntryId: timelineEntries.id,
			at: timelineEntries.at,
			kind: timelineEntries.kind,
			by: timelineEntries.byName,
			text: timelineEntries.text
		})
		.from(timelineEntries)
		.innerJoin(referrals, eq(referrals.id, timelineEntries.referralId))
		.where(
			and(
				sql`${timelineEntries.text} like ${pattern} escape '\\'`,
				notOwn(timelineEntries.referralId)
			)
		)
		.orderBy(timelineEntries.at)
		.all();
	const descriptions = db
		.select({
			referralId: referrals.id,
			reference: referrals.reference,
			at: referrals.createdAt,
			text: referrals.description
		})
		.from(referrals)
		.where(and(sql`${referrals.description} like ${pattern} escape '\\'`, notOwn(referrals.id)))
		.all()
		.map((d) => ({ ...d, timelineEntryId: null, kind: 'description', by: '' }));
	// LIKE only narrows the search (ASCII case, a part of the name): the exact rule decides.
	return [...descriptions, ...notes].filter((m) => mentionsIn(m.text, query).length > 0);
}

export function findResident(db: Db, query: ResidentQuery): ResidentFindings {
	const secret = residentKeySecret(db);
	const rows = matchingReferrals(db, (row) => residentMatches(row, query));
	return {
		query,
		referrals: rows.map((row) => ({ row, residentKey: residentKey(secret, row) })),
		mentions: findMentions(
			db,
			query,
			rows.map((r) => r.id)
		)
	};
}

/** The referrals held under one resident key: what erasure removes. */
export function referralsWithKey(db: Db, key: string): ReferralRow[] {
	const secret = residentKeySecret(db);
	return matchingReferrals(db, (row) => residentKey(secret, row) === key);
}
