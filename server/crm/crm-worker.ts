// The worker in the server process that empties crm_outbox into the CRM, one delivery at a
// time in order of arrival, backing off while the CRM is down, and polls it for status changes.
import { randomIds, type MailLink } from '../context.ts';
import type { Db, Sqlite } from '../db/open.ts';
import { addTimeline, findReferral, updateReferral } from '../referrals/store.ts';
import { crmName } from './crm-updates.ts';
import {
	appliedAlready,
	deliveredRowFor,
	dueRows,
	markApplied,
	rowsToPoll,
	updateOutboxRow,
	type OutboxRow
} from './crm-outbox.ts';
import { deliver, type DeliveryOutcome } from './crm-delivery.ts';
import { heldReason } from './crm-reconcile.ts';
import { readCrmState, recordCrmDown, recordCrmUp, writeCrmState } from './crm-status.ts';
import { applyCrmUpdate, type UpdateDeps } from './crm-updates.ts';
import type { CrmFailure, Open311Client } from './open311-client.ts';
import type { CrmMediaSettings } from './crm-media.ts';

export interface CrmWorkerOptions {
	db: Db;
	sqlite: Sqlite;
	client: Open311Client;
	clock?: () => Date;
	/** In [0, 1); the jitter in every backoff. */
	random?: () => number;
	ids?: () => string;
	/** E-mail for answers the CRM gives (the Member hears as of an officer's answer). */
	mail?: MailLink;
	baseBackoffMs?: number;
	maxBackoffMs?: number;
	pollMs?: number;
	/** How often the timer looks for due rows when nothing wakes it. */
	idleMs?: number;
	log?: (message: string) => void;
	/** Signing photo links (media_url); absent: no photos are sent. */
	media?: CrmMediaSettings;
}

export interface TickReport {
	delivered: number;
	waiting: number;
	failed: number;
	/** Uncertain rows the CRM could not settle, now waiting for an admin. */
	held: number;
	/** The CRM was found down (or still is): the round stopped to keep arrival order. */
	down: boolean;
	updates: number;
}

/** "Full jitter": anywhere from 0 to the capped exponential delay, so retries spread out. */
export function fullJitterMs(attempt: number, baseMs: number, capMs: number, random: () => number) {
	const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(attempt, 0), 30));
	return Math.floor(random() * ceiling);
}

/**
 * A refusal ends retries: a 4xx carrying Open311 errors (the CRM's words). Not a refused key
 * (401/403: the whole link is wrong) nor 429 (too many calls: wait and retry).
 */
export function isRefusal(error: CrmFailure): boolean {
	return (
		error.kind === 'refused' &&
		Boolean(error.open311) &&
		error.status !== null &&
		![401, 403, 429].includes(error.status)
	);
}

const batchSize = 50;
const updatesOverlapMs = 10 * 60_000;
const firstUpdatesWindowMs = 24 * 60 * 60_000;
const later = (now: Date, ms: number) => new Date(now.getTime() + ms);

export class CrmWorker {
	readonly #deps: UpdateDeps;
	readonly #client: Open311Client;
	readonly #random: () => number;
	readonly #baseMs: number;
	readonly #capMs: number;
	readonly #pollMs: number;
	readonly #idleMs: number;
	readonly #log: (message: string) => void;
	readonly #media: CrmMediaSettings | undefined;
	#running: Promise<TickReport> | null = null;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#abort = new AbortController();
	#started = false;
	/** Whether the CRM serves servicerequestupdates; null until asked. */
	#updatesServed: boolean | null = null;

	constructor(options: CrmWorkerOptions) {
		this.#deps = {
			db: options.db,
			sqlite: options.sqlite,
			clock: options.clock ?? (() => new Date()),
			ids: options.ids ?? randomIds,
			mail: options.mail
		};
		this.#client = options.client;
		this.#random = options.random ?? Math.random;
		this.#baseMs = options.baseBackoffMs ?? 1000;
		this.#capMs = options.maxBackoffMs ?? 300_000;
		this.#pollMs = options.pollMs ?? 60_000;
		this.#idleMs = options.idleMs ?? 1000;
		this.#log = options.log ?? (() => {});
		this.#media = options.media;
	}

	/** One round: deliver what is due, then poll if it is time. Concurrent calls share a round. */
	tick(): Promise<TickReport> {
		this.#running ??= this.#round().finally(() => (this.#running = null));
		return this.#running;
	}

	start(): void {
		if (this.#started) return;
		this.#started = true;
		this.#abort = new AbortController();
		this.#schedule(0);
	}

	/** Stops the timer, cuts a call in flight short and waits for the round to end. */
	async stop(): Promise<void> {
		this.#started = false;
		clearTimeout(this.#timer);
		this.#abort.abort();
		await this.#running?.catch(() => undefined);
	}

	/** Look at the queue now rather than at the next timer (after "retry now"). */
	wake(): void {
		if (this.#started) this.#schedule(0);
	}

	#schedule(ms: number): void {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => {
			this.tick()
				.catch((error: unknown) => this.#log(`CRM worker round failed: ${String(error)}`))
				.finally(() => {
					if (this.#started) this.#schedule(this.#idleMs);
				});
		}, ms);
	}

	async #round(): Promise<TickReport> {
		const report: TickReport = {
			delivered: 0,
			waiting: 0,
			failed: 0,
			held: 0,
			down: false,
			updates: 0
		};
		const { db } = this.#deps;
		const resumeAt = readCrmState(db).resumeAt;
		if (resumeAt && Date.parse(resumeAt) > this.#deps.clock().getTime()) {
			report.down = true;
			return report;
		}
		let afterId = 0;
		for (;;) {
			const batch = dueRows(db, this.#deps.clock(), afterId, batchSize);
			if (batch.length === 0) break;
			for (const row of batch) {
				if (this.#abort.signal.aborted) return report;
				afterId = row.id;
				const outcome = await deliver(
					this.#deps,
					this.#client,
					row,
					this.#abort.signal,
					this.#media
				);
				if (!(await this.#settle(row, outcome, report))) return report;
			}
		}
		if (this.#pollDue()) await this.#poll(report);
		return report;
	}

	/** Books the outcome of one delivery; false when the CRM is down and the round must stop. */
	async #settle(row: OutboxRow, outcome: DeliveryOutcome, report: TickReport): Promise<boolean> {
		const now = this.#deps.clock();
		const attempts = row.attempts + 1;
		if (outcome.kind === 'delivered') {
			report.delivered++;
			return true;
		}
		if (outcome.kind === 'held') {
			this.#hold(row, outcome.reason, report);
			return true;
		}
		if (outcome.kind === 'later') {
			report.failed++;
			const wait = fullJitterMs(attempts, this.#baseMs, this.#capMs, this.#random);
			updateOutboxRow(this.#deps.db, row.id, {
				lastError: outcome.reason,
				nextAttemptAt: later(now, wait).toISOString()
			});
			return true;
		}
		if (outcome.kind === 'waiting') {
			// The CRM has it and will give an id later; ask again after a while.
			report.waiting++;
			const wait = fullJitterMs(attempts, this.#baseMs, this.#capMs, this.#random);
			updateOutboxRow(this.#deps.db, row.id, { nextAttemptAt: later(now, wait).toISOString() });
			return true;
		}
		// Stopping cut the call short: that says nothing about the CRM, and the row stays as it is
		// ('sending' if it may have arrived), to be settled after the restart.
		if (this.#abort.signal.aborted) return false;
		const { error, refusedSend } = outcome;
		const state = refusedSend ? { state: 'failed' as const } : {};
		const reference = findReferral(this.#deps.db, row.referralId)?.reference ?? row.referralId;
		if (refusedSend && isRefusal(error)) {
			// The CRM said no in its own words: trying again would only be refused again.
			const words = `Refused by the council's system: ${error.open311 ?? error.reason}`;
			this.#deps.sqlite.transaction(() => {
				updateOutboxRow(this.#deps.db, row.id, { state: 'refused', lastError: words });
				addTimeline(this.#deps, {
					referralId: row.referralId,
					kind: 'crm',
					by: null,
					byName: crmName,
					text: words
				});
				// A new change number, so the entry reaches the Member's and officers' tablets.
				updateReferral(this.#deps, row.referralId, {});
			})();
			writeCrmState(this.#deps.db, { lastError: `${reference}: ${words}` });
			this.#log(`CRM: ${reference} ${words}`);
			report.failed++;
			return true;
		}
		const judged = await this.#judge(error);
		if (outcome.holdIfUp && judged === 'row') {
			// The CRM answers, but not the search: asking again would not answer "did it arrive?".
			this.#hold(row, heldReason(reference, `its search answered: ${error.reason}`), report);
			return true;
		}
		if (judged === 'down') {
			// The row keeps its place (its next attempt stays due): the whole queue waits together.
			updateOutboxRow(this.#deps.db, row.id, { ...state, lastError: error.reason });
			this.#crmDown(now, error);
			report.down = true;
			return false;
		}
		report.failed++;
		const wait = fullJitterMs(attempts, this.#baseMs, this.#capMs, this.#random);
		updateOutboxRow(this.#deps.db, row.id, {
			...state,
			lastError: error.reason,
			nextAttemptAt: later(now, wait).toISOString()
		});
		writeCrmState(this.#deps.db, { lastError: `${reference}: ${error.reason}` });
		this.#log(`CRM: ${reference} not delivered: ${error.reason}`);
		return true;
	}

	#hold(row: OutboxRow, reason: string, report: TickReport): void {
		updateOutboxRow(this.#deps.db, row.id, { state: 'held', lastError: reason });
		writeCrmState(this.#deps.db, { lastError: reason });
		this.#log(`CRM: ${reason}`);
		report.held++;
	}

	/**
	 * Down (everything waits) or this one request's trouble (it alone backs off)? No answer, or a
	 * refused key, is down. An error or odd answer is down only if services.json fails too.
	 */
	async #judge(error: CrmFailure): Promise<'down' | 'row'> {
		if (error.kind === 'unreachable') return 'down';
		if (error.kind === 'refused')
			return error.status === 401 || error.status === 403 || error.status === 429 ? 'down' : 'row';
		if (this.#abort.signal.aborted) return 'down';
		const probe = await this.#client.services(this.#abort.signal);
		if (!probe.ok) return 'down';
		recordCrmUp(this.#deps.db, this.#deps.clock());
		return 'row';
	}

	#crmDown(now: Date, error: CrmFailure): void {
		const state = readCrmState(this.#deps.db);
		const wait = fullJitterMs(state.downRounds + 1, this.#baseMs, this.#capMs, this.#random);
		if (!state.downSince) this.#log(`CRM down: ${error.reason}`);
		recordCrmDown(this.#deps.db, now, error.reason, later(now, wait));
	}

	#pollDue(): boolean {
		const last = readCrmState(this.#deps.db).lastPollAt;
		return !last || this.#deps.clock().getTime() - Date.parse(last) >= this.#pollMs;
	}

	/**
	 * Status changes since the last poll: servicerequestupdates where the CRM has it (FixMyStreet
	 * reads nothing else), else GET requests for every logged referral still open here.
	 */
	async #poll(report: TickReport): Promise<void> {
		if (this.#updatesServed !== false) {
			const done = await this.#pollUpdates(report);
			if (done === 'stop') return;
			if (done === 'done') {
				const now = this.#deps.clock();
				writeCrmState(this.#deps.db, { lastPollAt: now.toISOString() });
				recordCrmUp(this.#deps.db, now);
				return;
			}
		}
		await this.#pollRequests(report);
	}

	async #pollUpdates(report: TickReport): Promise<'done' | 'unsupported' | 'stop'> {
		const { db } = this.#deps;
		const now = this.#deps.clock();
		const last = readCrmState(db).lastPollAt;
		// An overlap, for clocks that differ; update_id keeps each change applied once.
		const start = new Date(
			last ? Date.parse(last) - updatesOverlapMs : now.getTime() - firstUpdatesWindowMs
		);
		const answer = await this.#client.serviceRequestUpdates(start, now, this.#abort.signal);
		if (!answer.ok) {
			if (this.#abort.signal.aborted) return 'stop';
			if (answer.error.kind === 'unreachable') {
				this.#crmDown(now, answer.error);
				report.down = true;
				return 'stop';
			}
			// No such handler (404, 400, 500): ask about each request instead, from now on.
			this.#updatesServed = false;
			return 'unsupported';
		}
		this.#updatesServed = true;
		const updates = [...answer.value].sort((a, b) =>
			a.updated_datetime.localeCompare(b.updated_datetime)
		);
		for (const update of updates) {
			if (appliedAlready(db, update.update_id)) continue;
			const row = deliveredRowFor(db, update.service_request_id);
			if (!row) continue;
			const applied = applyCrmUpdate(this.#deps, row, {
				service_request_id: update.service_request_id,
				status: update.status,
				status_notes: update.description ?? null,
				external_status_code: update.external_status_code
			});
			markApplied(db, update.update_id, update.service_request_id, now);
			if (applied) report.updates++;
		}
		return 'done';
	}

	/** Asks the CRM about every logged referral still open here, a batch of ids per call. */
	async #pollRequests(report: TickReport): Promise<void> {
		let afterId = 0;
		for (;;) {
			const rows = rowsToPoll(this.#deps.db, afterId, batchSize);
			if (rows.length === 0) break;
			afterId = rows[rows.length - 1].id;
			const ids = rows.map((r) => r.serviceRequestId).filter((id): id is string => id !== null);
			const answer = await this.#client.requests(
				{ service_request_id: ids.join(',') },
				this.#abort.signal
			);
			if (!answer.ok) {
				if (this.#abort.signal.aborted) return;
				if ((await this.#judge(answer.error)) === 'down') {
					this.#crmDown(this.#deps.clock(), answer.error);
					report.down = true;
					return;
				}
				writeCrmState(this.#deps.db, { lastError: `Status check: ${answer.error.reason}` });
				break;
			}
			const byId = new Map(answer.value.map((r) => [r.service_request_id, r]));
			for (const row of rows) {
				const request = row.serviceRequestId ? byId.get(row.serviceRequestId) : undefined;
				if (request && applyCrmUpdate(this.#deps, row, request)) report.updates++;
			}
		}
		const now = this.#deps.clock();
		writeCrmState(this.#deps.db, { lastPollAt: now.toISOString() });
		recordCrmUp(this.#deps.db, now);
	}
}
