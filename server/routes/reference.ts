// GET /api/reference: wards, categories and Business Units the tablet keeps for offline capture.
// Retired ones are sent too (`active: false`): the tablet still names them on older referrals.
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';
import { referenceData } from '../directory/store.ts';
import { requireSession } from '../http/session-middleware.ts';

export function referenceRoutes(deps: AppDeps) {
	return new Hono<AppEnv>()
		.use(requireSession(deps))
		.get('/', (c) => c.json(referenceData(deps.db), 200));
}
