// Admin: who is signed in where (/api/admin/sessions), and ending sessions, one or all of a
// user's; the user's next request is then a 401 and their tablet asks them to sign in again.
import { and, desc, eq, gt, isNull, ne, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AdminSession } from '#domain/admin';
import { describeError } from '#domain/validation';
import type { AppDeps } from '../context.ts';
import { sessions } from '../db/schema.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { readOptionalJson } from '../http/json-body.ts';
import { adminRouter, recordAdminAction } from './admin-common.ts';

const listLimit = 500;

const SessionQuery = z.strictObject({ userId: z.string().min(1).optional() });

/** Sessions that would still let someone in: not revoked, not expired, not idle too long. */
function liveSessions(deps: AppDeps): SQL {
	const now = deps.clock();
	const idleSince = new Date(now.getTime() - deps.config.sessionIdleMinutes * 60_000);
	return and(
		isNull(sessions.revokedAt),
		gt(sessions.expiresAt, now.toISOString()),
		gt(sessions.lastSeenAt, idleSince.toISOString())
	) as SQL;
}

/** Revokes every live session of a user, except `keep` (an admin's own, current one). */
export function revokeUserSessions(deps: AppDeps, userId: string, keep?: string): number {
	return deps.db
		.update(sessions)
		.set({ revokedAt: deps.clock().toISOString() })
		.where(
			and(
				eq(sessions.userId, userId),
				isNull(sessions.revokedAt),
				keep ? ne(sessions.id, keep) : undefined
			)
		)
		.run().changes;
}

/** Mounted at /api/admin/sessions. */
export function adminSessionRoutes(deps: AppDeps) {
	return adminRouter(deps)
		.get('/', (c) => {
			const parsed = SessionQuery.safeParse(c.req.query());
			if (!parsed.success) throw badRequest(describeError(parsed.error));
			const { userId } = parsed.data;
			const current = c.get('sessionId');
			const rows = deps.db
				.select()
				.from(sessions)
				.where(and(liveSessions(deps), userId ? eq(sessions.userId, userId) : undefined))
				.orderBy(desc(sessions.lastSeenAt))
				.limit(listLimit)
				.all();
			const list: AdminSession[] = rows.map((row) => ({
				id: row.id,
				userId: row.userId,
				createdAt: row.createdAt,
				lastSeenAt: row.lastSeenAt,
				expiresAt: row.expiresAt,
				current: row.id === current
			}));
			return c.json({ sessions: list }, 200);
		})
		.post('/:id/revoke', async (c) => {
			await readOptionalJson(c, z.strictObject({})); // no body, or {}: nothing else is understood
			const id = c.req.param('id');
			const row = deps.db.select().from(sessions).where(eq(sessions.id, id)).get();
			if (!row) throw notFound('There is no such session.');
			const revoked = deps.sqlite.transaction(() => {
				const changes = deps.db
					.update(sessions)
					.set({ revokedAt: deps.clock().toISOString() })
					.where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
					.run().changes;
				recordAdminAction(deps, c.get('user'), 'session.revoke', {
					sessionId: id,
					userId: row.userId,
					revoked: changes
				});
				return changes;
			})();
			return c.json({ revoked }, 200);
		});
}
