// The crm_outbox table: referrals queued for the council's CRM in the transaction that
// created them, and the worker's small committed steps along the way to "delivered".
import { and, asc, eq, gt, lte, notInArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { preparedOnce } from '../db/prepared.ts';
import { categories, crmAppliedUpdates, crmOutbox, referrals } from '../db/schema.ts';

export type OutboxRow = typeof crmOutbox.$inferSelect;

const insertQueued = preparedOnce((db) =>
	db
		.insert(crmOutbox)
		.values({
			referralId: sql.placeholder('referralId'),
			state: 'queued',
			attempts: 0,
			nextAttemptAt: sql.placeholder('at'),
			createdAt: sql.placeholder('at')
		})
		.onConflictDoNothing({ target: crmOutbox.referralId })
		.prepare()
);

/** Call inside the transaction that creates the referral, so both happen or neither. */
export function enqueueForCrm(db: Db, referralId: string, now: Date): void {
	insertQueued(db).run({ referralId, at: now.toISOString() });
}

/** Rows due for an attempt, in order of arrival, after `afterId` (for paging through a round). */
export function dueRows(db: Db, now: Date, afterId: number, limit: number): OutboxRow[] {
	return db
		.select()
		.from(crmOutbox)
		.where(
			and(
				notInArray(crmOutbox.state, ['delivered', 'refused', 'held', 'stopped']),
				lte(crmOutbox.nextAttemptAt, now.toISOString()),
				gt(crmOutbox.id, afterId)
			)
		)
		.orderBy(asc(crmOutbox.id))
		.limit(limit)
		.all();
}

/**
 * Committed on its own before anything goes to the CRM: from here on a crash means "it may
 * have arrived", and the next attempt looks for it before sending again.
 */
export function beginAttempt(db: Db, row: OutboxRow, now: Date, sending: boolean): OutboxRow {
	return db
		.update(crmOutbox)
		.set({
			attempts: row.attempts + 1,
			...(sending ? { state: 'sending' as const, lastSentAt: now.toISOString() } : {})
		})
		.where(eq(crmOutbox.id, row.id))
		.returning()
		.get();
}

/** The row of a referral not yet delivered (nor stopped), for an admin's link or stop. */
export function openOutboxRow(db: Db, referralId: string): OutboxRow | undefined {
	return db
		.select()
		.from(crmOutbox)
		.where(
			and(
				eq(crmOutbox.referralId, referralId),
				notInArray(crmOutbox.state, ['delivered', 'stopped'])
			)
		)
		.get();
}

export function updateOutboxRow(db: Db, id: number, values: Partial<OutboxRow>): void {
	db.update(crmOutbox).set(values).where(eq(crmOutbox.id, id)).run();
}

/** Logged rows whose referral may still change in the CRM (not closed or sent back here). */
export function rowsToPoll(db: Db, afterId: number, limit: number): OutboxRow[] {
	return db
		.select({ row: crmOutbox })
		.from(crmOutbox)
		.innerJoin(referrals, eq(referrals.id, crmOutbox.referralId))
		.where(
			and(
				eq(crmOutbox.state, 'delivered'),
				gt(crmOutbox.id, afterId),
				notInArray(referrals.status, ['closed', 'rejected'])
			)
		)
		.orderBy(asc(crmOutbox.id))
		.limit(limit)
		.all()
		.map((r) => r.row);
}

/**
 * "Retry now": every waiting row (or one referral's) becomes due at once. Naming a held row
 * is the admin's "send again": they looked in the CRM and it is not there, so it is sent, not
 * searched for again ('failed' is never uncertain).
 */
export function makeDueNow(db: Db, now: Date, referralId?: string): number {
	const conditions = [notInArray(crmOutbox.state, ['delivered', 'stopped'])];
	if (referralId) conditions.push(eq(crmOutbox.referralId, referralId));
	// Refused and held rows go again only when an admin names them, never by "retry all".
	else conditions.push(notInArray(crmOutbox.state, ['refused', 'held']));
	return db
		.update(crmOutbox)
		.set({
			nextAttemptAt: now.toISOString(),
			state: sql`case when ${crmOutbox.state} in ('refused', 'held') then 'failed' else ${crmOutbox.state} end`
		})
		.where(and(...conditions))
		.run().changes;
}

export type OutboxFilter = 'waiting' | OutboxRow['state'] | 'all';

const listLimit = 500;

/** The queue as admins see it: references and codes only, it is about delivery, not residents. */
export function listOutbox(db: Db, filter: OutboxFilter) {
	let condition: SQL | undefined;
	if (filter === 'waiting') condition = notInArray(crmOutbox.state, ['delivered', 'stopped']);
	else if (filter !== 'all') condition = eq(crmOutbox.state, filter);
	return db
		.select({
			id: crmOutbox.id,
			referralId: crmOutbox.referralId,
			reference: referrals.reference,
			category: categories.name,
			serviceCode: categories.crmServiceCode,
			state: crmOutbox.state,
			attempts: crmOutbox.attempts,
			nextAttemptAt: crmOutbox.nextAttemptAt,
			lastError: crmOutbox.lastError,
			createdAt: crmOutbox.createdAt,
			deliveredAt: crmOutbox.deliveredAt,
			serviceRequestId: crmOutbox.serviceRequestId
		})
		.from(crmOutbox)
		.innerJoin(referrals, eq(referrals.id, crmOutbox.referralId))
		.innerJoin(categories, eq(categories.id, referrals.categoryId))
		.where(and(condition))
		.orderBy(asc(crmOutbox.id))
		.limit(listLimit)
		.all();
}

/** The delivered row the CRM knows by this id, if it is one of ours. */
export function deliveredRowFor(db: Db, serviceRequestId: string): OutboxRow | undefined {
	return db
		.select()
		.from(crmOutbox)
		.where(and(eq(crmOutbox.serviceRequestId, serviceRequestId), eq(crmOutbox.state, 'delivered')))
		.get();
}

export function appliedAlready(db: Db, updateId: string): boolean {
	return Boolean(
		db
			.select({ id: crmAppliedUpdates.updateId })
			.from(crmAppliedUpdates)
			.where(eq(crmAppliedUpdates.updateId, updateId))
			.get()
	);
}

export function markApplied(db: Db, updateId: string, serviceRequestId: string, now: Date): void {
	db.insert(crmAppliedUpdates)
		.values({ updateId, serviceRequestId, appliedAt: now.toISOString() })
		.onConflictDoNothing()
		.run();
}
