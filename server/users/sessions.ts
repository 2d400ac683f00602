// Who is signed in where, as admins see it, and ending sessions: one, or all of a user's. The
// user's next request is then a 401 and their tablet asks them to sign in again.
import { and, desc, eq, gt, isNull, ne, type SQL } from 'drizzle-orm';
import type { AdminSession } from '#domain/admin';
import { recordAdminAction } from '../audit/admin-actions.ts';
import type { AppDeps, SessionUser } from '../context.ts';
import { sessions } from '../db/schema.ts';
import { done, refused, type Outcome } from '../outcome.ts';

export type SessionDeps = Pick<AppDeps, 'db' | 'sqlite' | 'clock' | 'config'>;

const listLimit = 500;

/** Sessions that would still let someone in: not revoked, not expired, not idle too long. */
function liveSessions(deps: SessionDeps): SQL {
	const now = deps.clock();
	const idleSince = new Date(now.getTime() - deps.config.sessionIdleMinutes * 60_000);
	return and(
		isNull(sessions.revokedAt),
		gt(sessions.expiresAt, now.toISOString()),
		gt(sessions.lastSeenAt, idleSince.toISOString())
	) as SQL;
}

/** Live sessions, most recently used first, of everyone or of one user. */
export function listSessions(
	deps: SessionDeps,
	currentSessionId: string,
	userId?: string
): AdminSession[] {
	return deps.db
		.select()
		.from(sessions)
		.where(and(liveSessions(deps), userId ? eq(sessions.userId, userId) : undefined))
		.orderBy(desc(sessions.lastSeenAt))
		.limit(listLimit)
		.all()
		.map((row) => ({
			id: row.id,
			userId: row.userId,
			createdAt: row.createdAt,
			lastSeenAt: row.lastSeenAt,
			expiresAt: row.expiresAt,
			current: row.id === currentSessionId
		}));
}

/** Revokes every live session of a user, except `keep` (an admin's own, current one). */
export function revokeUserSessions(
	deps: Pick<AppDeps, 'db' | 'clock'>,
	userId: string,
	keep?: string
): number {
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

/** Ends one session; answers how many were still live (0 or 1). */
export function revokeSession(deps: SessionDeps, admin: SessionUser, id: string): Outcome<number> {
	const row = deps.db.select().from(sessions).where(eq(sessions.id, id)).get();
	if (!row) return refused('not_found', 'There is no such session.');
	return done(
		deps.sqlite.transaction(() => {
			const changes = deps.db
				.update(sessions)
				.set({ revokedAt: deps.clock().toISOString() })
				.where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
				.run().changes;
			recordAdminAction(deps, admin, 'session.revoke', {
				sessionId: id,
				userId: row.userId,
				revoked: changes
			});
			return changes;
		})()
	);
}
