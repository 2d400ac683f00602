// Admin: who is signed in where (/api/admin/sessions), and ending one session
// (server/users/sessions.ts holds the rules).
import { z } from 'zod';
import { describeError } from '#domain/validation';
import type { AppDeps } from '../context.ts';
import { badRequest } from '../http/errors.ts';
import { readOptionalJson } from '../http/json-body.ts';
import { unwrap } from '../http/outcome.ts';
import { listSessions, revokeSession } from '../users/sessions.ts';
import { adminRouter } from './admin-common.ts';

const SessionQuery = z.strictObject({ userId: z.string().min(1).optional() });

/** Mounted at /api/admin/sessions. */
export function adminSessionRoutes(deps: AppDeps) {
	return adminRouter(deps)
		.get('/', (c) => {
			const parsed = SessionQuery.safeParse(c.req.query());
			if (!parsed.success) throw badRequest(describeError(parsed.error));
			const list = listSessions(deps, c.get('sessionId'), parsed.data.userId);
			return c.json({ sessions: list }, 200);
		})
		.post('/:id/revoke', async (c) => {
			await readOptionalJson(c, z.strictObject({})); // no body, or {}: nothing else is understood
			const revoked = unwrap(revokeSession(deps, c.get('user'), c.req.param('id')));
			return c.json({ revoked }, 200);
		});
}
