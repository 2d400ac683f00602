// The audit trail of personal data: one row per referral read or written, by whom and when.
import { sql } from 'drizzle-orm';
import type { AppDeps, SessionUser } from '../context.ts';
import type { Db, Sqlite } from '../db/open.ts';
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

/**
 * Looking is recorded once per person, referral and way of looking in this many minutes: a
 * tablet syncing every minute, or an officer paging back and forth, leaves one row, not thirty.
 */
export const readCoalesceMinutes = 15;
const readActions: ReadonlySet<AuditAction> = new Set(['read', 'list', 'pull']);

const recentlyRecorded = preparedOnce((db) => {
	const sqlite = (db as Db & { $client: Sqlite }).$client;
	return sqlite
		.prepare(
			'select 1 from audit_log where referral_id = ? and user_id = ? and action = ? and at > ? limit 1'
		)
		.pluck();
});

export function audit(
	deps: Pick<AppDeps, 'db' | 'clock'>,
	user: Pick<SessionUser, 'id'>,
	action: AuditAction,
	ids: readonly (string | null)[],
	detail: string | null = null
): void {
	const now = deps.clock();
	const at = now.toISOString();
	let referralIds = ids;
	if (readActions.has(action) && detail === null) {
		const since = new Date(now.getTime() - readCoalesceMinutes * 60_000).toISOString();
		const seen = recentlyRecorded(deps.db);
		referralIds = ids.filter(
			(id) => id === null || seen.get(id, user.id, action, since) === undefined
		);
	}
	if (referralIds.length === 0) return;
	if (referralIds.length === 1) {
		// One referral per push mutation: the prepared statement keeps a year's push quick.
		insertOne(deps.db).run({ at, userId: user.id, action, referralId: referralIds[0], detail });
		return;
	}
	// A pull page (200) or a list (hundreds): one prepared row insert run per referral, in one
	// transaction, instead of a many-row insert built and prepared afresh per request (issue 17:
	// that build was a fifth of the server's busy time under load).
	insertMany(deps.db)(at, user.id, action, referralIds, detail);
}

const insertMany = preparedOnce((db) => {
	// drizzle() hands its better-sqlite3 connection on as $client (not in the Db type).
	const sqlite = (db as Db & { $client: Sqlite }).$client;
	const row = sqlite.prepare(
		'insert into audit_log (at, user_id, action, referral_id, detail) values (?, ?, ?, ?, ?)'
	);
	return sqlite.transaction(
		(
			at: string,
			userId: string,
			action: string,
			referralIds: readonly (string | null)[],
			detail: string | null
		) => {
			for (const referralId of referralIds) row.run(at, userId, action, referralId, detail);
		}
	);
});
