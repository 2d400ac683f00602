// The mutations a Member (or their support officer) sends about an existing referral: comment,
// edit, residentTold, rate and reopen. What each does is the domain's rule (#domain/mutations);
// here it is written to SQLite with its timeline entry, audit row and, on reopen, a new due date.
import { eq } from 'drizzle-orm';
import type { Status } from '#domain/enums';
import { applyChange, type Change, type ReferralPatch } from '#domain/mutations';
import { referralMissing, referralMissingReason } from '#domain/sync-protocol';
import { dueDate } from '#domain/working-days';
import type { AppDeps, SessionUser } from '../context.ts';
import { units } from '../db/schema.ts';
import { consentedBodyIds } from '../outside-bodies/consent.ts';
import { actsForOwner } from '../referrals/access.ts';
import { audit } from '../referrals/audit.ts';
import {
	addTimeline,
	findReferral,
	summary,
	updateReferral,
	type ReferralRow
} from '../referrals/store.ts';
import { reject, type AppliedOutcome } from './rejection.ts';

/** The referral, if this user may act for its owner; otherwise a rejection. */
export function ownReferral(deps: AppDeps, user: SessionUser, referralId: string): ReferralRow {
	const row = findReferral(deps.db, referralId);
	if (!row) return reject(referralMissingReason, referralMissing);
	if (!actsForOwner(deps.db, user, row.ownerId)) reject('You cannot change this referral');
	return row;
}

/** The domain's patch as columns. */
function columnsOf(db: AppDeps['db'], patch: ReferralPatch): Partial<ReferralRow> {
	const values: Partial<ReferralRow> = {};
	if (patch.description !== undefined) values.description = patch.description;
	if (patch.urgency !== undefined) values.urgency = patch.urgency;
	if (patch.location) {
		values.locationAddress = patch.location.address;
		values.locationPostcode = patch.location.postcode;
		values.lat = patch.location.lat ?? null;
		values.lng = patch.location.lng ?? null;
	}
	if (patch.resident) {
		const r = patch.resident;
		Object.assign(values, {
			residentName: r.name,
			residentAddress: r.address ?? null,
			residentPhone: r.phone ?? null,
			residentEmail: r.email ?? null,
			residentPreferredContact: r.preferredContact ?? null,
			residentConsentToShare: r.consentToShare ?? false,
			residentShareWith: r.shareWith ?? null,
			residentShareWithBodyIds: consentedBodyIds(db, r)
		});
	}
	if (patch.status !== undefined) values.status = patch.status;
	if (patch.residentToldAt !== undefined) values.residentToldAt = patch.residentToldAt;
	if (patch.rating !== undefined) values.rating = patch.rating;
	if (patch.ratingComment !== undefined) values.ratingComment = patch.ratingComment;
	return values;
}

/** A reopened referral gets a fresh due date: the service team's clock starts again. */
function reopenedColumns(deps: AppDeps, row: ReferralRow, now: Date): Partial<ReferralRow> {
	const unit = row.unitId
		? deps.db.select().from(units).where(eq(units.id, row.unitId)).get()
		: undefined;
	return {
		closedAt: null,
		dueAt: unit ? dueDate(now, unit, row.urgency).toISOString() : row.dueAt
	};
}

/** Applies a checked change to the referral row, or rejects it with the domain's reason. */
export function applyChangeToRow(
	deps: AppDeps,
	user: SessionUser,
	row: ReferralRow,
	change: Change
): AppliedOutcome {
	const now = deps.clock();
	const outcome = applyChange(
		{ status: row.status as Status, respondedAt: row.respondedAt },
		change,
		now.toISOString()
	);
	if (!outcome.ok) return reject(outcome.reason);
	if (outcome.note)
		addTimeline(deps, {
			referralId: row.id,
			kind: outcome.note.kind,
			by: user,
			text: outcome.note.text
		});
	const values = columnsOf(deps.db, outcome.patch);
	if (outcome.patch.status === 'reopened') Object.assign(values, reopenedColumns(deps, row, now));
	const updated = updateReferral(deps, row.id, values);
	audit(deps, user, 'update', [row.id], outcome.effect);
	return { status: 'applied', referral: summary(updated) };
}
