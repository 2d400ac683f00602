// The uncertain-attempt rule: after a send whose answer was lost (crash, timeout, dropped
// connection, 5xx), find out from the CRM whether it arrived, and where the CRM cannot tell us
// reliably, hold the row for an admin. Never send again blind. (README, "The CRM".)
import { and, desc, eq, isNotNull, ne } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { crmOutbox, referrals } from '../db/schema.ts';
import type { OutboxRow } from './crm-outbox.ts';
import {
	carriesReference,
	specDate,
	type CrmFailure,
	type CrmResult,
	type Open311Client
} from './open311-client.ts';
import type { Open311Request } from './open311-wire.ts';

export type Resolution =
	| { kind: 'found'; id: string }
	| { kind: 'pending' }
	/** Proven absent: the search works here and its answer was whole. Safe to send. */
	| { kind: 'absent' }
	| { kind: 'held'; reason: string }
	/** Nothing yet to test the search with: ask again later, when another row is delivered. */
	| { kind: 'later'; reason: string }
	/**
	 * The CRM would not answer. holdIfUp: it was the search, which a CRM that otherwise answers
	 * may never answer (no handler, refused parameters); the worker tells that from "down".
	 */
	| { kind: 'searchFailed'; error: CrmFailure; holdIfUp: boolean };

// Clocks differ between servers, and a request may be made at any moment while we wait.
const marginMs = 10 * 60_000;
const maxPages = 10;
const wideMs = 90 * 24 * 60 * 60_000;
/** How long an uncertain row waits for a delivered row to test the search with, then held. */
export const untestedWaitMs = 60 * 60_000;

interface Search {
	found: Open311Request | null;
	/** The answers were whole: nothing in the window was cut off by a cap. */
	whole: boolean;
}

export const heldReason = (reference: string, why: string) =>
	`Uncertain: check the council's system for ${reference}, then link it to that request or send it again (${why})`;

/** Whether the CRM ever answered with a token (it makes requests some time after taking them). */
function answersWithTokens(db: Db): boolean {
	return Boolean(
		db.select({ id: crmOutbox.id }).from(crmOutbox).where(isNotNull(crmOutbox.token)).limit(1).get()
	);
}

/** The latest request we sent and the CRM answered with an id: a test of its search. */
function controlRow(db: Db, exceptId: number) {
	return db
		.select({
			reference: referrals.reference,
			sentAt: crmOutbox.lastSentAt,
			serviceRequestId: crmOutbox.serviceRequestId
		})
		.from(crmOutbox)
		.innerJoin(referrals, eq(referrals.id, crmOutbox.referralId))
		.where(
			and(
				eq(crmOutbox.state, 'delivered'),
				isNotNull(crmOutbox.serviceRequestId),
				isNotNull(crmOutbox.lastSentAt),
				ne(crmOutbox.id, exceptId)
			)
		)
		.orderBy(desc(crmOutbox.id))
		.limit(1)
		.get();
}

/**
 * Every request the CRM made around `sentAt`, page by page. A list is whole when it is shorter
 * than one the CRM has already answered (so no cap cut it); where it may be cut, first ask for
 * a wider window (if that lists more, the cap is above it), then page on from its newest
 * request. Pages that bring nothing new: not whole.
 */
async function searchAround(
	client: Open311Client,
	reference: string,
	sentAt: number,
	signal: AbortSignal
): Promise<CrmResult<Search>> {
	let start = new Date(sentAt - marginMs);
	const end = new Date(sentAt + client.timeoutMs + marginMs);
	const seen = new Set<string>();
	for (let page = 0; page < maxPages; page++) {
		const answer = await client.requests(
			{ start_date: specDate(start), end_date: specDate(end) },
			signal
		);
		if (!answer.ok) return answer;
		const list = answer.value;
		const found = list.find((r) => carriesReference(r, reference));
		if (found) return { ok: true, value: { found, whole: true } };
		const isWhole = () => list.length === 0 || list.length < client.longestList;
		if (isWhole()) return { ok: true, value: { found: null, whole: true } };
		// A longer list from a wider window proves the cap (if any) is above this one.
		const wider = await client.requests(
			{ start_date: specDate(new Date(sentAt - wideMs)) },
			signal
		);
		if (!wider.ok) return wider;
		if (isWhole()) return { ok: true, value: { found: null, whole: true } };
		// Paging on from the newest covers what a cap cut only when the CRM lists oldest first
		// (then the cut ones are newer); any other order could have cut older ones: not whole.
		const times = list.map((r) => (r.requested_datetime ? Date.parse(r.requested_datetime) : NaN));
		if (times.some((t, i) => Number.isNaN(t) || (i > 0 && t < times[i - 1]))) break;
		const fresh = list.filter((r) => !seen.has(r.service_request_id));
		for (const r of fresh) seen.add(r.service_request_id);
		const newest = list
			.map((r) => (r.requested_datetime ? Date.parse(r.requested_datetime) : NaN))
			.reduce((a, b) => Math.max(a, b), -Infinity);
		if (fresh.length === 0 || !Number.isFinite(newest)) break;
		start = new Date(newest);
	}
	return { ok: true, value: { found: null, whole: false } };
}

export async function resolveUncertain(
	db: Db,
	client: Open311Client,
	row: OutboxRow,
	reference: string,
	now: Date,
	signal: AbortSignal
): Promise<Resolution> {
	if (row.token) {
		const answer = await client.tokenStatus(row.token, signal);
		if (answer.ok) return answer.value ? { kind: 'found', id: answer.value } : { kind: 'pending' };
		// A token the CRM no longer knows: fall back to the reference.
		if (answer.error.kind !== 'refused')
			return { kind: 'searchFailed', error: answer.error, holdIfUp: false };
	}
	const sentAt = Date.parse(row.lastSentAt ?? row.createdAt);
	// A match is proof whatever the CRM is like; only an absence needs the CRM to be trusted.
	const own = await searchAround(client, reference, sentAt, signal);
	if (!own.ok) return { kind: 'searchFailed', error: own.error, holdIfUp: true };
	if (own.value.found) return { kind: 'found', id: own.value.found.service_request_id };

	const control = controlRow(db, row.id);
	if (!control?.sentAt) {
		const why =
			"Wardline has no request the council's system is known to hold, to test its search with";
		return now.getTime() - sentAt < untestedWaitMs
			? {
					kind: 'later',
					reason: `Not found yet in the council's system, and ${why.slice(0, 1).toLowerCase()}${why.slice(1)}`
				}
			: { kind: 'held', reason: heldReason(reference, why) };
	}
	const check = await searchAround(client, control.reference, Date.parse(control.sentAt), signal);
	if (!check.ok) return { kind: 'searchFailed', error: check.error, holdIfUp: true };
	if (check.value.found?.service_request_id !== control.serviceRequestId)
		return {
			kind: 'held',
			reason: heldReason(
				reference,
				`its search did not show ${control.reference}, which it holds as request ${control.serviceRequestId}: it leaves out Wardline's requests or their reference`
			)
		};
	// A CRM that makes requests later lists a taken one only once made: absence proves nothing.
	if (answersWithTokens(db))
		return {
			kind: 'held',
			reason: heldReason(
				reference,
				'it makes requests some time after taking them, so not finding it yet proves nothing'
			)
		};
	if (!own.value.whole)
		return {
			kind: 'held',
			reason: heldReason(reference, 'its list of requests from that time may be cut short')
		};
	return { kind: 'absent' };
}
