// The audit trail of personal data: one row per referral read or written, by whom and when.
import { sql } from 'drizzle-orm';
import type { AppDeps, SessionUser } from '../context.ts';
import { preparedOnce } from '../db/prepared.ts';
import { auditLog } from '../db/schema.ts';

export type AuditAction =
	| 'read'
	| 'list'
	| 'pull'
	| 'create'
	| 'update'
	| 'status'
	| 'response'
	| 'reassign'
	| 'chase'
	| 'forward'
	| 'forward_reference'
	| 'photo'
	| 'subject_access'
	| 'erase'
	| 'retention';

/** Who acts when no one signed in does: the scheduled retention run (the CRM uses system:crm). */
export const retentionActor = { id: 'system:retention' } as const;

const insertOne = preparedOnce((db) =>
	db
		.insert(auditLog)
		.values({
			at: sql.placeholder('at'),
			userId: sql.placeholder('userId'),
			action: sql.placeholder('action'),
			referralId: sql.placeholder('referralId'),
			detail: sql.placeholder('detail')
		})
		.prepare()
);

export function audit(
	deps: Pick<AppDeps, 'db' | 'clock'>,
	user: Pick<SessionUser, 'id'>,
	action: AuditAction,
	referralIds: readonly (string | null)[],
	detail: string | null = null
): void {
	if (referralIds.length === 0) return;
	const at = deps.clock().toISOString();
	if (referralIds.length === 1) {
		// One referral per push mutation: the prepared statement keeps a year's push quick.
		insertOne(deps.db).run({ at, userId: user.id, action, referralId: referralIds[0], detail });
		return;
	}
	deps.db
		.insert(auditLog)
		.values(referralIds.map((referralId) => ({ at, userId: user.id, action, referralId, detail })))
		.run();
}
