// GET /api/health: is the process up and answering (no sign-in needed).
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';

export function healthRoutes(deps: AppDeps) {
	return new Hono<AppEnv>().get('/', (c) =>
		c.json({ ok: true as const, time: deps.clock().toISOString() })
	);
}
