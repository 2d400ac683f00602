// GET /api/health: is the process up and answering (no sign-in needed).
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';

export function healthRoutes(deps: AppDeps) {
	return new Hono<AppEnv>().get('/', (c) =>
		// diskFull: for monitoring; the process answers, but writes are refused until space is freed.
		c.json({
			ok: true as const,
			time: deps.clock().toISOString(),
			diskFull: deps.storage.diskFullSince !== null
		})
	);
}
