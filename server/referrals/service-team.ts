// What the service team does to a referral: move its status and write the response.
// Each runs in one transaction with its timeline entries and a new change number.
import { checkMove } from '#domain/status-machine';
import { statusLabels, type Status } from '#domain/enums';
import type { AppDeps, SessionUser } from '../context.ts';
import { ApiError, badRequest } from '../http/errors.ts';
import { audit } from './audit.ts';
import { addTimeline, updateReferral, type ReferralRow } from './store.ts';

const forbiddenMove = (reason: string) => new ApiError(409, 'forbidden_move', reason);

/** Columns that record when a status was reached. */
function stampsFor(status: Status, now: string): Partial<ReferralRow> {
	if (status === 'responded') return { respondedAt: now };
	if (status === 'closed') return { closedAt: now };
	return {};
}

function move(
	deps: AppDeps,
	user: SessionUser,
	row: ReferralRow,
	to: Status,
	note?: string
): ReferralRow {
	const check = checkMove(row.status as Status, to);
	if (!check.ok) throw forbiddenMove(check.reason);
	const text = `Status: ${statusLabels[to]}${note ? ` — ${note}` : ''}`;
	addTimeline(deps, { referralId: row.id, kind: 'status', by: user, text });
	return updateReferral(deps, row.id, { status: to, ...stampsFor(to, deps.clock().toISOString()) });
}

export function changeStatus(
	deps: AppDeps,
	user: SessionUser,
	row: ReferralRow,
	to: Status,
	note?: string
): ReferralRow {
	if (to === 'rejected' && !note) throw badRequest('Say why the referral is being sent back.');
	return deps.sqlite.transaction(() => {
		const updated = move(deps, user, row, to, note);
		audit(deps, user, 'status', [row.id], to);
		return updated;
	})();
}

/**
 * The service team's answer. A routed or reopened referral passes through in_progress first,
 * both moves recorded; an answered one can take a further response without moving.
 */
export function respond(
	deps: AppDeps,
	user: SessionUser,
	row: ReferralRow,
	text: string
): ReferralRow {
	return deps.sqlite.transaction(() => {
		let current = row;
		if (current.status === 'routed' || current.status === 'reopened')
			current = move(deps, user, current, 'in_progress');
		addTimeline(deps, { referralId: row.id, kind: 'response', by: user, text });
		const now = deps.clock().toISOString();
		if (current.status === 'responded')
			current = updateReferral(deps, row.id, { respondedAt: now });
		else {
			const check = checkMove(current.status as Status, 'responded');
			if (!check.ok) throw forbiddenMove(check.reason);
			current = updateReferral(deps, row.id, { status: 'responded', respondedAt: now });
		}
		audit(deps, user, 'response', [row.id]);
		return current;
	})();
}
