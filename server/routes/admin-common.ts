// What the admin routes share: the admin-only guard, ids made from names (as the seed makes
// them), the 409 for a name already taken, and the audit record every admin write leaves.
import { Hono } from 'hono';
import type { AppDeps, AppEnv, SessionUser } from '../context.ts';
import { auditLog } from '../db/schema.ts';
import { ApiError } from '../http/errors.ts';
import { requireRole, requireSession } from '../http/session-middleware.ts';

/** A router whose every path needs a signed-in admin: 401 without a session, 403 for others. */
export function adminRouter(deps: AppDeps) {
	return new Hono<AppEnv>().use(requireSession(deps), requireRole('admin'));
}

export const duplicate = (message: string) => new ApiError(409, 'duplicate', message);
export const refused = (message: string) => new ApiError(409, 'refused', message);

/** "Denton Holme" -> "denton-holme", like server/db/seed.ts; accents fold to plain letters. */
export function slug(text: string): string {
	return (
		text
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '') || 'new'
	);
}

/** `<prefix>-<slug>`, with -2, -3… when taken: ids stay readable in logs and exports. */
export function idFromName(prefix: string, name: string, taken: (id: string) => boolean): string {
	const base = `${prefix}-${slug(name)}`;
	let id = base;
	for (let n = 2; taken(id); n += 1) id = `${base}-${n}`;
	return id;
}

/**
 * One audit row per admin write: who (the row's user), what (`admin.<thing>.<verb>`), and the
 * id and changed values in `detail`. Never a password: callers pass `password: 'changed'`.
 */
export function recordAdminAction(
	deps: AppDeps,
	user: SessionUser,
	action: string,
	detail: Record<string, unknown>
): void {
	deps.db
		.insert(auditLog)
		.values({
			at: deps.clock().toISOString(),
			userId: user.id,
			action: `admin.${action}`,
			referralId: null,
			detail: JSON.stringify(detail)
		})
		.run();
}
