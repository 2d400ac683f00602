// The one place that says which status moves are allowed; the tablet and the server both ask it.
import type { Status } from './enums.ts';

const edges: Record<Status, readonly Status[]> = {
	draft: ['submitted'],
	submitted: ['routed'],
	routed: ['in_progress', 'rejected'],
	in_progress: ['responded'],
	responded: ['closed', 'reopened'],
	reopened: ['in_progress'],
	closed: [],
	rejected: []
};

export function nextStatuses(from: Status): readonly Status[] {
	return edges[from];
}

export type Move = { ok: true } | { ok: false; reason: string };

export function checkMove(from: Status, to: Status): Move {
	if (edges[from].includes(to)) return { ok: true };
	if (from === to) return { ok: false, reason: `The referral is already ${to.replace('_', ' ')}.` };
	const allowed = edges[from];
	return {
		ok: false,
		reason:
			allowed.length === 0
				? `A ${from.replace('_', ' ')} referral cannot change status.`
				: `A ${from.replace('_', ' ')} referral can only move to ${allowed.map((s) => s.replace('_', ' ')).join(' or ')}.`
	};
}

/** Statuses in which the Member may still change the description and resident details. */
export function memberMayEdit(status: Status): boolean {
	return status === 'draft' || status === 'submitted';
}

/** Statuses in which the Member may record that the resident was told: the team has answered. */
export function memberMayTellResident(status: Status): boolean {
	return status === 'responded' || status === 'closed';
}

/** Statuses in which the Member may rate the answer (a reopened one keeps its answer to rate). */
export function memberMayRate(status: Status): boolean {
	return status === 'responded' || status === 'closed' || status === 'reopened';
}

/** Statuses that still wait for the service team's answer (used for "overdue"). */
export function isOpen(status: Status): boolean {
	return (
		status === 'submitted' ||
		status === 'routed' ||
		status === 'in_progress' ||
		status === 'reopened'
	);
}

/**
 * Whether a referral's page still says when it is due: only while it waits for its first
 * answer. Once answered (a reopened one too) the answer, not the date, is what matters.
 */
export function showsDue(referral: {
	status: Status;
	dueAt: string | null;
	respondedAt: string | null;
}): boolean {
	return referral.dueAt !== null && referral.respondedAt === null && isOpen(referral.status);
}
