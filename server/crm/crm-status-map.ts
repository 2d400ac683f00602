// The admins' table from the CRM's status values to Wardline moves (or a timeline line only),
// with defaults from the migration; values never seen before are kept for admins to map.
import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { crmStatusMap } from '../db/schema.ts';

export type CrmStatusAction = (typeof crmStatusMap.$inferSelect)['action'];
export type CrmStatusMapRow = typeof crmStatusMap.$inferSelect;

/** "Action Scheduled", "action-scheduled" and "action_scheduled" are one value. */
export function normaliseCrmStatus(value: string): string {
	return value
		.trim()
		.toLowerCase()
		.replace(/['’]/g, '')
		.replace(/[\s-]+/g, '_');
}

/** The external code's mapping first (`code:<value>`), then the status's; unknown: none. */
export function crmStatusAction(
	db: Db,
	status: string,
	externalStatusCode: string | null,
	now: Date
): { action: CrmStatusAction; known: boolean } {
	const keys = [
		...(externalStatusCode ? [`code:${normaliseCrmStatus(externalStatusCode)}`] : []),
		normaliseCrmStatus(status)
	];
	const rows = db.select().from(crmStatusMap).where(inArray(crmStatusMap.crmStatus, keys)).all();
	for (const key of keys) {
		const row = rows.find((r) => r.crmStatus === key);
		if (row?.mapped) return { action: row.action, known: true };
	}
	// Listed for the admin; the referral's state stays as it is until they say what it means.
	db.insert(crmStatusMap)
		.values({
			crmStatus: normaliseCrmStatus(status),
			action: 'none',
			mapped: false,
			firstSeenAt: now.toISOString()
		})
		.onConflictDoNothing()
		.run();
	return { action: 'none', known: false };
}

/** Values still to be mapped first, then the rest by name. */
export function listCrmStatusMap(db: Db): CrmStatusMapRow[] {
	return db
		.select()
		.from(crmStatusMap)
		.orderBy(asc(crmStatusMap.mapped), desc(crmStatusMap.firstSeenAt), asc(crmStatusMap.crmStatus))
		.all();
}

export function setCrmStatusAction(
	db: Db,
	crmStatus: string,
	action: CrmStatusAction,
	userId: string
): CrmStatusMapRow {
	const key = crmStatus.startsWith('code:')
		? `code:${normaliseCrmStatus(crmStatus.slice(5))}`
		: normaliseCrmStatus(crmStatus);
	return db
		.insert(crmStatusMap)
		.values({ crmStatus: key, action, mapped: true, updatedBy: userId })
		.onConflictDoUpdate({
			target: crmStatusMap.crmStatus,
			set: { action, mapped: true, updatedBy: userId }
		})
		.returning()
		.get();
}

export const crmStatusFor = (db: Db, key: string) =>
	db.select().from(crmStatusMap).where(eq(crmStatusMap.crmStatus, key)).get();
