// Server-side sessions: the browser holds a random token in an httpOnly cookie, the database
// holds only its sha256, so a leaked database copy cannot be replayed as a signed-in user.
import { and, eq, isNull } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppConfig, AppDeps, SessionUser } from '../context.ts';
import { sessions, users } from '../db/schema.ts';
import { cookiesAreSecure } from '../http/public-origin.ts';

export const sessionCookie = 'wardline_session';

// Writing last_seen_at on every request is wasteful; a minute's precision is enough for idle expiry.
const touchEveryMs = 60_000;

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/** A new session (rotation: every sign-in gets a new one); returns the cookie token. */
export function createSession(
	deps: AppDeps,
	userId: string
): { token: string; id: string; expiresAt: Date } {
	const token = randomBytes(32).toString('base64url');
	const id = hashToken(token);
	const now = deps.clock();
	const expiresAt = new Date(now.getTime() + deps.config.sessionAbsoluteDays * 86_400_000);
	deps.db
		.insert(sessions)
		.values({
			id,
			userId,
			createdAt: now.toISOString(),
			expiresAt: expiresAt.toISOString(),
			lastSeenAt: now.toISOString()
		})
		.run();
	return { token, id, expiresAt };
}

/** The signed-in user for a token, or null when absent, revoked, expired, idle too long or inactive. */
export function lookupSession(
	deps: AppDeps,
	token: string
): { id: string; user: SessionUser } | null {
	return findSession(deps, hashToken(token), { touch: true });
}

/**
 * The same rules by session id. `touch: false` for checks that are not the user's own requests
 * (an open live connection re-checked now and then must not keep a session alive).
 */
export function findSession(
	deps: Pick<AppDeps, 'db' | 'clock' | 'config'>,
	id: string,
	options: { touch: boolean }
): { id: string; user: SessionUser } | null {
	const row = deps.db
		.select({ session: sessions, user: users })
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
		.get();
	if (!row || !row.user.active) return null;
	const now = deps.clock().getTime();
	const idleLimit = Date.parse(row.session.lastSeenAt) + deps.config.sessionIdleMinutes * 60_000;
	if (now >= Date.parse(row.session.expiresAt) || now >= idleLimit) return null;
	if (options.touch && now - Date.parse(row.session.lastSeenAt) >= touchEveryMs)
		deps.db
			.update(sessions)
			.set({ lastSeenAt: new Date(now).toISOString() })
			.where(eq(sessions.id, id))
			.run();
	const { user } = row;
	return {
		id,
		user: {
			id: user.id,
			username: user.username,
			displayName: user.displayName,
			role: user.role,
			wardId: user.wardId,
			unitId: user.unitId
		}
	};
}

export function revokeSession(deps: AppDeps, id: string): void {
	deps.db
		.update(sessions)
		.set({ revokedAt: deps.clock().toISOString() })
		.where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
		.run();
}

/**
 * Over https the cookie is `__Host-wardline_session`: Secure, Path=/, no Domain, so neither a
 * sibling subdomain nor a plain-http page can set or overwrite it. Plain-http localhost (the
 * demo) keeps the bare name, which browsers would refuse with the prefix.
 */
function cookieOptions(c: Context, config: AppConfig) {
	const secure = cookiesAreSecure(c, config);
	return {
		secure,
		...(secure ? { prefix: 'host' as const } : {}),
		httpOnly: true,
		sameSite: 'Strict' as const,
		path: '/'
	};
}

export function setSessionCookie(
	c: Context,
	config: AppConfig,
	token: string,
	expiresAt: Date
): void {
	const options = cookieOptions(c, config);
	setCookie(c, sessionCookie, token, { ...options, expires: expiresAt });
	// A bare-named cookie from before the prefix (or from plain http) is no longer read: let it go.
	if (options.secure && getCookie(c, sessionCookie) !== undefined)
		deleteCookie(c, sessionCookie, { path: '/', secure: true, httpOnly: true, sameSite: 'Strict' });
}

export function clearSessionCookie(c: Context, config: AppConfig): void {
	deleteCookie(c, sessionCookie, cookieOptions(c, config));
}

/**
 * The session token from the cookie this origin uses. Over https only the __Host- cookie counts:
 * accepting the bare name as well would let a cookie planted from a subdomain in. A session from
 * before the switch is simply asked to sign in again (the tablet's outbox survives a 401).
 */
export function readSessionToken(c: Context, config: AppConfig): string | undefined {
	const options = cookieOptions(c, config);
	return getCookie(c, sessionCookie, options.prefix);
}
