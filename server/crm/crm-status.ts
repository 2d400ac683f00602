// How the link to the council's CRM is doing: the crm_state row the worker keeps, and the
// summary GET /api/crm/status gives everyone (up, down since when, how many wait).
import { eq, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { crmOutbox, crmState } from '../db/schema.ts';

export interface CrmStatus {
	state: 'off' | 'up' | 'down';
	/** Referrals not yet logged with the CRM. */
	queued: number;
	lastError: string | null;
	lastSuccessAt: string | null;
	downSince: string | null;
}

export type CrmStateRow = typeof crmState.$inferSelect;

const emptyState: CrmStateRow = {
	id: 1,
	lastSuccessAt: null,
	downSince: null,
	lastError: null,
	lastPollAt: null,
	downRounds: 0,
	resumeAt: null
};

export function readCrmState(db: Db): CrmStateRow {
	return db.select().from(crmState).where(eq(crmState.id, 1)).get() ?? emptyState;
}

export function writeCrmState(db: Db, values: Partial<Omit<CrmStateRow, 'id'>>): void {
	db.insert(crmState)
		.values({ ...emptyState, ...values })
		.onConflictDoUpdate({ target: crmState.id, set: values })
		.run();
}

/** The CRM answered as expected: it is up, and the shared backoff starts again from nothing. */
export function recordCrmUp(db: Db, now: Date): void {
	writeCrmState(db, {
		lastSuccessAt: now.toISOString(),
		downSince: null,
		downRounds: 0,
		resumeAt: null
	});
}

/** The CRM is down: note since when and why, and hold every delivery until resumeAt. */
export function recordCrmDown(db: Db, now: Date, reason: string, resumeAt: Date): void {
	const state = readCrmState(db);
	writeCrmState(db, {
		downSince: state.downSince ?? now.toISOString(),
		lastError: reason,
		downRounds: state.downRounds + 1,
		resumeAt: resumeAt.toISOString()
	});
}

export function pendingCount(db: Db): number {
	return (
		db
			.select({ n: sql<number>`count(*)` })
			.from(crmOutbox)
			.where(notInArray(crmOutbox.state, ['delivered', 'stopped']))
			.get()?.n ?? 0
	);
}

export function crmStatus(db: Db, enabled: boolean): CrmStatus {
	const state = readCrmState(db);
	const queued = pendingCount(db);
	if (!enabled)
		return { state: 'off', queued, lastError: null, lastSuccessAt: null, downSince: null };
	return {
		state: state.downSince ? 'down' : 'up',
		queued,
		lastError: state.lastError,
		lastSuccessAt: state.lastSuccessAt,
		downSince: state.downSince
	};
}
