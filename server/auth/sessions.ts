// Server-side sessions: the browser holds a random token in an httpOnly cookie, the database
// holds only its sha256, so a leaked database copy cannot be replayed as a signed-in user.
import { and, eq, isNull } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppConfig, AppDeps, SessionUser } from '../context.ts';
import { sessions, users } from '../db/schema.ts';

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
	const id = hashToken(token);
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
	if (now - Date.parse(row.session.lastSeenAt) >= touchEveryMs)
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

function isLocalHost(url: string): boolean {
	const host = new URL(url).hostname;
	return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

function secure(c: Context, config: AppConfig): boolean {
	return config.secureCookies === 'auto' ? !isLocalHost(c.req.url) : config.secureCookies;
}

export function setSessionCookie(
	c: Context,
	config: AppConfig,
	token: string,
	expiresAt: Date
): void {
	setCookie(c, sessionCookie, token, {
		httpOnly: true,
		sameSite: 'Strict',
		path: '/',
		secure: secure(c, config),
		expires: expiresAt
	});
}

export function clearSessionCookie(c: Context, config: AppConfig): void {
	deleteCookie(c, sessionCookie, {
		path: '/',
		secure: secure(c, config),
		httpOnly: true,
		sameSite: 'Strict'
	});
}

export function readSessionToken(c: Context): string | undefined {
	return getCookie(c, sessionCookie);
}
