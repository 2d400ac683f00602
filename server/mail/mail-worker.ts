// The worker in the server process that empties mail_outbox through the SMTP relay, one e-mail
// at a time, oldest first; the whole queue waits together while the relay is down.
import { eq } from 'drizzle-orm';
import type { MailRelayStatus } from '../context.ts';
import { fullJitterMs } from '../crm/crm-worker.ts';
import type { Db } from '../db/open.ts';
import { users } from '../db/schema.ts';
import {
	beginSend,
	dueMail,
	forwardContentRemoved,
	updateMail,
	type MailRow
} from './mail-outbox.ts';
import type { MailTransport, SendOutcome } from './smtp-transport.ts';

export interface MailWorkerOptions {
	db: Db;
	transport: MailTransport;
	clock?: () => Date;
	/** In [0, 1); the jitter in every backoff. */
	random?: () => number;
	baseBackoffMs?: number;
	maxBackoffMs?: number;
	/** How often the timer looks for due rows when nothing wakes it. */
	idleMs?: number;
	log?: (message: string) => void;
}

export interface MailTickReport {
	sent: number;
	refused: number;
	retried: number;
	cancelled: number;
	/** The relay was found down (or still is): the round stopped, the queue keeps its order. */
	down: boolean;
}

const batchSize = 50;

export class MailWorker {
	readonly #db: Db;
	readonly #transport: MailTransport;
	readonly #clock: () => Date;
	readonly #random: () => number;
	readonly #baseMs: number;
	readonly #capMs: number;
	readonly #idleMs: number;
	readonly #log: (message: string) => void;
	#running: Promise<MailTickReport> | null = null;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#started = false;
	#stopping = false;
	// How the relay is doing. Kept in memory: after a restart the worker simply tries again.
	#downSince: Date | null = null;
	#downRounds = 0;
	#resumeAt = 0;
	#lastError: string | null = null;
	#lastSuccessAt: Date | null = null;

	constructor(options: MailWorkerOptions) {
		this.#db = options.db;
		this.#transport = options.transport;
		this.#clock = options.clock ?? (() => new Date());
		this.#random = options.random ?? Math.random;
		this.#baseMs = options.baseBackoffMs ?? 1000;
		this.#capMs = options.maxBackoffMs ?? 600_000;
		this.#idleMs = options.idleMs ?? 1000;
		this.#log = options.log ?? (() => {});
	}

	status(): MailRelayStatus {
		return {
			host: this.#transport.host,
			downSince: this.#downSince?.toISOString() ?? null,
			lastError: this.#lastError,
			lastSuccessAt: this.#lastSuccessAt?.toISOString() ?? null
		};
	}

	/** One round through what is due. Concurrent calls share a round. */
	tick(): Promise<MailTickReport> {
		this.#running ??= this.#round().finally(() => (this.#running = null));
		return this.#running;
	}

	start(): void {
		if (this.#started) return;
		this.#started = true;
		this.#stopping = false;
		this.#schedule(0);
	}

	/** Stops the timer and waits for the e-mail in flight (if any) to be settled. */
	async stop(): Promise<void> {
		this.#started = false;
		this.#stopping = true;
		clearTimeout(this.#timer);
		await this.#running?.catch(() => undefined);
		this.#transport.close();
	}

	/** Look at the queue now (a new e-mail, or "try again"); the relay's backoff still holds. */
	wake(): void {
		if (this.#started) this.#schedule(0);
	}

	/** Admin's "try again": forget the relay's backoff as well. */
	retryNow(): void {
		this.#resumeAt = 0;
		this.wake();
	}

	#schedule(ms: number): void {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => {
			this.tick()
				.catch((error: unknown) => this.#log(`Mail worker round failed: ${String(error)}`))
				.finally(() => {
					if (this.#started) this.#schedule(this.#idleMs);
				});
		}, ms);
	}

	async #round(): Promise<MailTickReport> {
		const report: MailTickReport = { sent: 0, refused: 0, retried: 0, cancelled: 0, down: false };
		if (this.#clock().getTime() < this.#resumeAt) {
			report.down = true;
			return report;
		}
		let afterId = 0;
		for (;;) {
			const batch = dueMail(this.#db, this.#clock(), afterId, batchSize);
			if (batch.length === 0) return report;
			for (const row of batch) {
				if (this.#stopping) return report;
				afterId = row.id;
				if (!(await this.#sendOne(row, report))) return report;
			}
		}
	}

	/** Sends one row and books the outcome; false when the relay is down and the round must stop. */
	async #sendOne(row: MailRow, report: MailTickReport): Promise<boolean> {
		const to = this.#currentAddress(row);
		if (typeof to !== 'string') {
			updateMail(this.#db, row.id, { state: 'cancelled', lastError: to.reason });
			report.cancelled++;
			return true;
		}
		const sending = beginSend(this.#db, row, this.#clock());
		const outcome = await this.#transport.send({
			to,
			subject: row.subject,
			text: row.body,
			messageId: row.messageId
		});
		this.#settle(sending, outcome, report);
		return outcome.kind !== 'down';
	}

	/** The address to use now: a user's current one; never a deactivated user or one with none. */
	#currentAddress(row: MailRow): string | { reason: string } {
		if (!row.userId) return row.toAddress;
		const user = this.#db
			.select({ active: users.active, email: users.email })
			.from(users)
			.where(eq(users.id, row.userId))
			.get();
		if (!user?.active) return { reason: 'Not sent: the account has been deactivated.' };
		const email = user.email?.trim();
		if (!email) return { reason: 'Not sent: the account has no e-mail address.' };
		return email;
	}

	#settle(row: MailRow, outcome: SendOutcome, report: MailTickReport): void {
		const now = this.#clock();
		switch (outcome.kind) {
			case 'sent':
				updateMail(this.#db, row.id, {
					state: 'sent',
					sentAt: now.toISOString(),
					lastError: null,
					// A forward holds what the resident allowed that body; once sent it is not kept here.
					...(row.kind === 'forward' ? { body: forwardContentRemoved } : {})
				});
				report.sent++;
				this.#downSince = null;
				this.#downRounds = 0;
				this.#lastSuccessAt = now;
				return;
			case 'refused':
				updateMail(this.#db, row.id, { state: 'refused', lastError: outcome.reason });
				report.refused++;
				this.#log(`Mail ${row.id} refused: ${outcome.reason}`);
				return;
			case 'retry': {
				const wait = fullJitterMs(row.attempts, this.#baseMs, this.#capMs, this.#random);
				updateMail(this.#db, row.id, {
					state: 'queued',
					lastError: outcome.reason,
					nextAttemptAt: new Date(now.getTime() + wait).toISOString()
				});
				report.retried++;
				return;
			}
			case 'down': {
				// The row keeps its place (still due): the whole queue waits for the relay together.
				updateMail(this.#db, row.id, { state: 'queued', lastError: outcome.reason });
				if (!this.#downSince) this.#log(`Mail relay down: ${outcome.reason}`);
				this.#downSince ??= now;
				this.#downRounds++;
				this.#lastError = outcome.reason;
				this.#resumeAt =
					now.getTime() + fullJitterMs(this.#downRounds, this.#baseMs, this.#capMs, this.#random);
				report.down = true;
				return;
			}
		}
	}
}
