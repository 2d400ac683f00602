// The audit row every admin write leaves: who (the admin), what (`admin.<thing>.<verb>`), and
// the id and changed values. Written in the same transaction as the change it records.
import type { AppDeps, SessionUser } from '../context.ts';
import { auditLog } from '../db/schema.ts';

/** Never a password: callers pass `password: 'changed'`. */
export function recordAdminAction(
	deps: Pick<AppDeps, 'db' | 'clock'>,
	admin: Pick<SessionUser, 'id'>,
	action: string,
	detail: Record<string, unknown>
): void {
	deps.db
		.insert(auditLog)
		.values({
			at: deps.clock().toISOString(),
			userId: admin.id,
			action: `admin.${action}`,
			referralId: null,
			detail: JSON.stringify(detail)
		})
		.run();
}
