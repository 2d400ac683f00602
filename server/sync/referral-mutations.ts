// The mutations a Member (or their support officer) sends about an existing referral:
// comment, edit, residentTold, rate and reopen. The server owns status; these only ask.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { CreateReferral } from '#domain/referral';
import { checkMove, memberMayEdit } from '#domain/status-machine';
import type { Status } from '#domain/enums';
import { CommentPayload, RatePayload, ReopenPayload } from '#domain/sync-protocol';
import { addWorkingDays } from '#domain/working-days';
import type { AppDeps, SessionUser } from '../context.ts';
import { units } from '../db/schema.ts';
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

export const EditPayload = z
	.strictObject({
		description: z.optional(CreateReferral.shape.description),
		location: z.optional(CreateReferral.shape.location),
		resident: z.optional(CreateReferral.shape.resident)
	})
	.refine((p) => Object.keys(p).length > 0, { error: 'Nothing to change' });
export type EditPayload = z.infer<typeof EditPayload>;

/** The referral, if this user may act for its owner; otherwise a rejection. */
export function ownReferral(deps: AppDeps, user: SessionUser, referralId: string): ReferralRow {
	const row = findReferral(deps.db, referralId);
	if (!row) return reject('This referral has not reached the server yet');
	if (!actsForOwner(deps.db, user, row.ownerId)) reject('You cannot change this referral');
	return row;
}

function applied(
	deps: AppDeps,
	user: SessionUser,
	row: ReferralRow,
	detail: string
): AppliedOutcome {
	audit(deps, user, 'update', [row.id], detail);
	return { status: 'applied', referral: summary(row) };
}

export function applyComment(
	deps: AppDeps,
	user: SessionUser,
	row: ReferralRow,
	payload: z.infer<typeof CommentPayload>
) {
	addTimeline(deps, { referralId: row.id, kind: 'comment', by: user, text: payload.text });
	return applied(deps, user, updateReferral(deps, row.id, {}), 'comment');
}

function describeEdit(edit: EditPayload): string {
	const parts: string[] = [];
	if (edit.description !== undefined) parts.push(edit.description);
	if (edit.location) parts.push(`Location: ${edit.location.address}, ${edit.location.postcode}`);
	if (edit.resident) {
		const r = edit.resident;
		parts.push(`Resident: ${[r.name, r.address, r.phone, r.email].filter(Boolean).join(', ')}`);
	}
	return parts.join('\n');
}

/** Before routing the Member owns these fields; afterwards their change becomes a comment. */
export function applyEdit(deps: AppDeps, user: SessionUser, row: ReferralRow, edit: EditPayload) {
	if (!memberMayEdit(row.status as Status)) {
		addTimeline(deps, {
			referralId: row.id,
			kind: 'comment',
			by: user,
			text: `Member added: ${describeEdit(edit)}`
		});
		return applied(deps, user, updateReferral(deps, row.id, {}), 'edit as comment');
	}
	const values: Partial<ReferralRow> = {};
	if (edit.description !== undefined) values.description = edit.description;
	if (edit.location) {
		values.locationAddress = edit.location.address;
		values.locationPostcode = edit.location.postcode;
		values.lat = edit.location.lat ?? null;
		values.lng = edit.location.lng ?? null;
	}
	if (edit.resident) {
		const r = edit.resident;
		Object.assign(values, {
			residentName: r.name,
			residentAddress: r.address ?? null,
			residentPhone: r.phone ?? null,
			residentEmail: r.email ?? null,
			residentPreferredContact: r.preferredContact ?? null,
			residentConsentToShare: r.consentToShare ?? false,
			residentShareWith: r.shareWith ?? null
		});
	}
	return applied(deps, user, updateReferral(deps, row.id, values), 'edit');
}

export function applyResidentTold(deps: AppDeps, user: SessionUser, row: ReferralRow) {
	if (row.status !== 'responded' && row.status !== 'closed')
		reject('You can tell the resident once the service team has answered');
	const now = deps.clock().toISOString();
	addTimeline(deps, {
		referralId: row.id,
		kind: 'resident_told',
		by: user,
		text: 'Resident told about the answer'
	});
	return applied(
		deps,
		user,
		updateReferral(deps, row.id, { residentToldAt: now }),
		'resident told'
	);
}

export function applyRate(
	deps: AppDeps,
	user: SessionUser,
	row: ReferralRow,
	payload: z.infer<typeof RatePayload>
) {
	if (row.respondedAt === null || !['responded', 'closed', 'reopened'].includes(row.status))
		reject('You can rate the answer once the service team has responded');
	const comment = payload.comment ? `: ${payload.comment}` : '';
	addTimeline(deps, {
		referralId: row.id,
		kind: 'rating',
		by: user,
		text: `Rated the answer ${payload.score} out of 5${comment}`
	});
	const updated = updateReferral(deps, row.id, {
		rating: payload.score,
		ratingComment: payload.comment ?? null
	});
	return applied(deps, user, updated, 'rating');
}

/** A reopened referral gets a fresh due date: the service team's clock starts again. */
export function applyReopen(
	deps: AppDeps,
	user: SessionUser,
	row: ReferralRow,
	payload: z.infer<typeof ReopenPayload>
) {
	const move = checkMove(row.status as Status, 'reopened');
	if (!move.ok) return reject(move.reason);
	const unit = row.unitId
		? deps.db.select().from(units).where(eq(units.id, row.unitId)).get()
		: undefined;
	const now = deps.clock();
	addTimeline(deps, {
		referralId: row.id,
		kind: 'reopened',
		by: user,
		text: `Reopened: ${payload.reason}`
	});
	const updated = updateReferral(deps, row.id, {
		status: 'reopened',
		closedAt: null,
		dueAt: unit ? addWorkingDays(now, unit.targetDays).toISOString() : row.dueAt
	});
	return applied(deps, user, updated, 'reopen');
}
