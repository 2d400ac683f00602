// GET /api/admin/storage (admin): the last backup (when, where, good or why not) and whether the
// server's disk was found full.
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';
import { requireRole, requireSession } from '../http/session-middleware.ts';

export function adminStorageRoutes(deps: AppDeps) {
	return new Hono<AppEnv>()
		.use(requireSession(deps), requireRole('admin'))
		.get('/', (c) => c.json(deps.storage.view(), 200));
}
