// GET /api/live: Server-Sent Events telling an open app "pull now" when something its user may
// see has changed. No data travels here (pull brings it, with its own checks and audit); the
// app treats silence as a dead line and falls back to its timer, never waiting on this.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { findSession } from '../auth/sessions.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { ApiError } from '../http/errors.ts';
import { requireSession } from '../http/session-middleware.ts';

export function liveRoutes(deps: AppDeps) {
	return new Hono<AppEnv>().use(requireSession(deps)).get('/', (c) => {
		const user = c.get('user');
		const sessionId = c.get('sessionId');
		if (deps.live.size >= deps.live.maxTotal)
			throw new ApiError(503, 'busy', 'Live updates are busy; the app checks by itself instead.');
		// Proxies such as nginx buffer a response unless told not to.
		c.header('X-Accel-Buffering', 'no');
		return streamSSE(c, async (stream) => {
			const closed = new Promise<void>((resolve) => {
				const id = deps.live.open(
					user,
					sessionId,
					{
						send: (event, data) => {
							// Never awaited: a slow reader must not hold up the hub.
							void stream.writeSSE({ event, data }).catch(() => undefined);
						},
						close: () => resolve()
					},
					() => findSession(deps, sessionId, { touch: false })?.user ?? null
				);
				if (id === null) return resolve();
				stream.onAbort(() => {
					deps.live.drop(id);
					resolve();
				});
			});
			await closed;
		});
	});
}
