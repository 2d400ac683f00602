// The mail_outbox table: e-mails queued in the transaction of the event that causes them, and
// the worker's small committed steps on the way to "sent" (or "refused" by the relay).
import { and, asc, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { AppDeps } from '../context.ts';
import type { Db } from '../db/open.ts';
import { preparedOnce } from '../db/prepared.ts';
import { mailOutbox } from '../db/schema.ts';

export type MailRow = typeof mailOutbox.$inferSelect;
export type MailState = MailRow['state'];

/** What queueing an e-mail needs: the database, a clock and ids, and the mail settings. */
export type MailDeps = Pick<AppDeps, 'db' | 'clock' | 'ids' | 'mail'>;

export type MailKindCode =
	| 'answered'
	| 'answered_digest'
	| 'routed'
	| 'routed_digest'
	| 'overdue_digest'
	| 'support_weekly'
	| 'crm_down'
	| 'backup_failed'
	| 'forward';

export interface NewMail {
	kind: MailKindCode;
	to: string;
	subject: string;
	body: string;
	userId?: string | null;
	outsideBodyId?: string | null;
	referralId?: string | null;
	/** At most one e-mail per key, ever: a second enqueue with it does nothing. */
	dedupeKey?: string | null;
}

/** `<uuid@host>`: unique, and the same on every resend, so a duplicate is recognisable. */
export function messageIdFor(id: string, publicUrl: string): string {
	const host = URL.canParse(publicUrl) ? new URL(publicUrl).hostname : 'wardline.invalid';
	return `<${id}@${host || 'wardline.invalid'}>`;
}

const insertMail = preparedOnce((db) =>
	db
		.insert(mailOutbox)
		.values({
			kind: sql.placeholder('kind'),
			userId: sql.placeholder('userId'),
			outsideBodyId: sql.placeholder('outsideBodyId'),
			toAddress: sql.placeholder('toAddress'),
			subject: sql.placeholder('subject'),
			body: sql.placeholder('body'),
			messageId: sql.placeholder('messageId'),
			referralId: sql.placeholder('referralId'),
			dedupeKey: sql.placeholder('dedupeKey'),
			state: 'queued',
			attempts: 0,
			nextAttemptAt: sql.placeholder('at'),
			createdAt: sql.placeholder('at')
		})
		.onConflictDoNothing()
		.returning({ id: mailOutbox.id })
		.prepare()
);

/**
 * Queues one e-mail. Call inside the transaction of the event, so both happen or neither.
 * Returns the row's id, or null when nothing was queued (no relay set up, or the key was used).
 */
export function enqueueMail(deps: MailDeps, mail: NewMail): number | null {
	if (!deps.mail.enabled) return null;
	const row = insertMail(deps.db).get({
		kind: mail.kind,
		userId: mail.userId ?? null,
		outsideBodyId: mail.outsideBodyId ?? null,
		toAddress: mail.to,
		subject: mail.subject,
		body: mail.body,
		messageId: messageIdFor(deps.ids(), deps.mail.publicUrl),
		referralId: mail.referralId ?? null,
		dedupeKey: mail.dedupeKey ?? null,
		at: deps.clock().toISOString()
	});
	deps.mail.wake?.();
	return row?.id ?? null;
}

/**
 * Rows due now, oldest first, after `afterId` (paging through a round): queued ones whose time
 * has come, and any left 'sending' by a crash.
 */
export function dueMail(db: Db, now: Date, afterId: number, limit: number): MailRow[] {
	return db
		.select()
		.from(mailOutbox)
		.where(
			and(
				inArray(mailOutbox.state, ['queued', 'sending']),
				lte(mailOutbox.nextAttemptAt, now.toISOString()),
				gt(mailOutbox.id, afterId)
			)
		)
		.orderBy(asc(mailOutbox.id))
		.limit(limit)
		.all();
}

/**
 * Committed on its own before the relay is spoken to: from here on a crash means "it may have
 * arrived", and the row is sent again (same Message-ID) after the restart.
 */
export function beginSend(db: Db, row: MailRow, now: Date): MailRow {
	return db
		.update(mailOutbox)
		.set({ state: 'sending', attempts: row.attempts + 1, lastAttemptAt: now.toISOString() })
		.where(eq(mailOutbox.id, row.id))
		.returning()
		.get();
}

export function updateMail(db: Db, id: number, values: Partial<MailRow>): void {
	db.update(mailOutbox).set(values).where(eq(mailOutbox.id, id)).run();
}

export function findMail(db: Db, id: number): MailRow | undefined {
	return db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).get();
}

/** Admin: "try again" for a refused or waiting e-mail (after fixing an address, or the relay). */
export function retryMail(db: Db, id: number, now: Date): MailRow | undefined {
	return db
		.update(mailOutbox)
		.set({ state: 'queued', nextAttemptAt: now.toISOString() })
		.where(and(eq(mailOutbox.id, id), inArray(mailOutbox.state, ['queued', 'refused'])))
		.returning()
		.get();
}

export type MailFilter = 'waiting' | 'refused' | 'sent' | 'all';

const filterStates: Record<MailFilter, MailState[] | null> = {
	waiting: ['queued', 'sending'],
	refused: ['refused', 'cancelled'],
	sent: ['sent'],
	all: null
};

/** Newest first, for the admin page. */
export function listMail(db: Db, filter: MailFilter, limit: number): MailRow[] {
	const states = filterStates[filter];
	return db
		.select()
		.from(mailOutbox)
		.where(states ? inArray(mailOutbox.state, states) : undefined)
		.orderBy(desc(mailOutbox.id))
		.limit(limit)
		.all();
}

export function mailCounts(db: Db): Record<MailState, number> {
	const counts: Record<MailState, number> = {
		queued: 0,
		sending: 0,
		sent: 0,
		refused: 0,
		cancelled: 0
	};
	for (const row of db
		.select({ state: mailOutbox.state, n: sql<number>`count(*)` })
		.from(mailOutbox)
		.groupBy(mailOutbox.state)
		.all())
		counts[row.state] = row.n;
	return counts;
}

/** Kept in place of a forward's content once it is not to be kept (sent, or erased). */
export const forwardContentRemoved = '(Its content is not kept in Wardline.)';

/**
 * The resident's details are being removed: forwards to outside bodies not yet sent are not sent
 * (they may hold those details), and no forward's content is kept. Call in the removal's transaction.
 */
export function forgetForwardContent(db: Db, referralId: string): void {
	const forwards = and(eq(mailOutbox.referralId, referralId), eq(mailOutbox.kind, 'forward'));
	db.update(mailOutbox)
		.set({
			state: 'cancelled',
			lastError: 'Not sent: the resident’s details were removed from the referral first.'
		})
		.where(and(forwards, inArray(mailOutbox.state, ['queued', 'sending'])))
		.run();
	db.update(mailOutbox).set({ body: forwardContentRemoved }).where(forwards).run();
}
