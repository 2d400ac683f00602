// What the admin routes share: every path needs a signed-in admin.
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';
import { requireRole, requireSession } from '../http/session-middleware.ts';

/** A router whose every path needs a signed-in admin: 401 without a session, 403 for others. */
export function adminRouter(deps: AppDeps) {
	return new Hono<AppEnv>().use(requireSession(deps), requireRole('admin'));
}
