// What the CRM's status changes mean here: a timeline entry (kind 'crm') for every change,
// and the status move the status machine allows, so the Member's next pull shows both.
import { createHash } from 'node:crypto';
import { statusLabels, type Status } from '#domain/enums';
import { limits } from '#domain/referral';
import { checkMove } from '#domain/status-machine';
import type { MailLink } from '../context.ts';
import type { Sqlite } from '../db/open.ts';
import { mailOnAnswered } from '../mail/mail-events.ts';
import {
	addTimeline,
	findReferral,
	updateReferral,
	type ReferralRow,
	type StoreDeps
} from '../referrals/store.ts';
import { updateOutboxRow, type OutboxRow } from './crm-outbox.ts';
import { crmStatusAction, normaliseCrmStatus, type CrmStatusAction } from './crm-status-map.ts';

export const crmName = "Council's system";

const describeCrmStatus = (status: string) => status.replace(/_/g, ' ').toLowerCase();

/** `mail` absent: no e-mail for answers that come from the CRM. */
export type UpdateDeps = StoreDeps & { sqlite: Sqlite; mail?: MailLink };

/** The statuses the referral goes through for this CRM status, as far as the machine allows. */
function movesFor(current: Status, action: CrmStatusAction): Status[] {
	const wanted: Status[] =
		action === 'responded'
			? ['in_progress', 'responded']
			: action === 'in_progress'
				? ['in_progress']
				: [];
	const moves: Status[] = [];
	let at = current;
	for (const next of wanted) {
		if (at === next) continue;
		if (!checkMove(at, next).ok) break;
		moves.push(next);
		at = next;
	}
	return moves;
}

/** One status change from the CRM: a polled request, or a servicerequestupdates record. */
export interface CrmStatusChange {
	service_request_id: string;
	status: string;
	status_notes?: string | null;
	external_status_code?: string | null;
}

/**
 * What is kept of the CRM's notes to notice when they change: a fingerprint, never the text,
 * which can name the resident (the text itself lives in the timeline, where erasure and retention
 * reach it). Rows written before fingerprints held the text; erasure turns those into one.
 */
export function crmNotesFingerprint(notes: string | null): string | null {
	if (notes === null || notes.startsWith('sha256:')) return notes;
	return `sha256:${createHash('sha256').update(notes).digest('hex')}`;
}

/** Applies one polled request if it changed since last seen; returns whether it did. */
export function applyCrmUpdate(
	deps: UpdateDeps,
	row: OutboxRow,
	request: CrmStatusChange
): boolean {
	// Held to the length Wardline allows for a response, whatever the CRM sends.
	const notes = request.status_notes?.trim().slice(0, limits.comment) || null;
	const status = normaliseCrmStatus(request.status);
	const before = {
		status: row.crmStatus ?? 'open',
		notes: crmNotesFingerprint(row.crmStatusNotes ?? null)
	};
	if (before.status === status && before.notes === crmNotesFingerprint(notes)) return false;

	deps.sqlite.transaction(() => {
		const referral = findReferral(deps.db, row.referralId);
		if (!referral) return;
		const text = `Request ${request.service_request_id} is ${describeCrmStatus(request.status.trim())}${notes ? `: ${notes}` : ''}`;
		addTimeline(deps, { referralId: referral.id, kind: 'crm', by: null, byName: crmName, text });
		const { action } = crmStatusAction(
			deps.db,
			request.status,
			request.external_status_code ?? null,
			deps.clock()
		);
		const values: Partial<ReferralRow> = {};
		for (const next of movesFor(referral.status as Status, action)) {
			addTimeline(deps, {
				referralId: referral.id,
				kind: 'status',
				by: null,
				byName: crmName,
				text: `Status: ${statusLabels[next]}`
			});
			values.status = next;
			if (next === 'responded') {
				values.respondedAt = deps.clock().toISOString();
				addTimeline(deps, {
					referralId: referral.id,
					kind: 'response',
					by: null,
					byName: crmName,
					text: notes ?? "Closed in the council's system, with no notes given."
				});
			}
		}
		// A new change number even without a move: the timeline entry must reach the tablets.
		const updated = updateReferral(deps, referral.id, values);
		if (values.status === 'responded' && deps.mail)
			mailOnAnswered({ ...deps, mail: deps.mail }, updated);
		updateOutboxRow(deps.db, row.id, {
			crmStatus: status,
			crmStatusNotes: crmNotesFingerprint(notes)
		});
	})();
	return true;
}
