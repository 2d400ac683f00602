// The audit trail of personal data: one row per referral read or written, by whom and when.
import type { AppDeps, SessionUser } from '../context.ts';
import { auditLog } from '../db/schema.ts';

export type AuditAction =
	'read' | 'list' | 'pull' | 'create' | 'update' | 'status' | 'response' | 'photo';

export function audit(
	deps: AppDeps,
	user: SessionUser,
	action: AuditAction,
	referralIds: readonly (string | null)[],
	detail: string | null = null
): void {
	if (referralIds.length === 0) return;
	const at = deps.clock().toISOString();
	deps.db
		.insert(auditLog)
		.values(referralIds.map((referralId) => ({ at, userId: user.id, action, referralId, detail })))
		.run();
}
