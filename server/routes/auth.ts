// Sign-in, sign-out and "who am I" (/api/auth). Every sign-in makes a new session.
import { eq, inArray } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { dummyHash, verifyPassword } from '../auth/passwords.ts';
import {
	clearSessionCookie,
	createSession,
	lookupSession,
	readSessionToken,
	revokeSession,
	setSessionCookie
} from '../auth/sessions.ts';
import type { AppDeps, AppEnv, SessionUser } from '../context.ts';
import { users } from '../db/schema.ts';
import { ApiError } from '../http/errors.ts';
import { readJson, readOptionalJson } from '../http/json-body.ts';
import { clientAddress } from '../http/public-origin.ts';
import { requireSession } from '../http/session-middleware.ts';
import { supportedMemberIds } from '../referrals/access.ts';

const LoginBody = z.strictObject({
	username: z.string().trim().toLowerCase().min(1, { error: 'Enter your username' }).max(100),
	password: z.string().min(1, { error: 'Enter your password' }).max(1000)
});

/** The user as the app needs it, with the Members whose referrals they capture. */
function describeUser(deps: AppDeps, user: SessionUser) {
	const memberIds =
		user.role === 'support'
			? supportedMemberIds(deps.db, user.id)
			: user.role === 'member'
				? [user.id]
				: [];
	const members =
		memberIds.length === 0
			? undefined
			: deps.db
					.select({ id: users.id, displayName: users.displayName, wardId: users.wardId })
					.from(users)
					.where(inArray(users.id, memberIds))
					.orderBy(users.displayName)
					.all();
	// The user's own contact details: printed on a Member's paper referral notes.
	const contact = deps.db
		.select({ email: users.email, phone: users.phone })
		.from(users)
		.where(eq(users.id, user.id))
		.get();
	return {
		...user,
		email: contact?.email ?? null,
		phone: contact?.phone ?? null,
		...(members ? { members } : {})
	};
}

const badCredentials = () =>
	new ApiError(401, 'bad_credentials', 'That username and password do not match.');

/** "45 seconds", "2 minutes": how long to wait, as a person says it. */
export function describeWait(seconds: number): string {
	if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
	const minutes = Math.ceil(seconds / 60);
	return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

function tooManyAttempts(slot: { reason: 'pair' | 'address'; retryAfterSeconds: number }) {
	const wait = describeWait(slot.retryAfterSeconds);
	const message =
		slot.reason === 'pair'
			? `Too many sign-in attempts for this account from here. Try again in ${wait}, or ask an admin to clear the attempts.`
			: `Many sign-ins have failed from this network. Try again in ${wait}.`;
	return new ApiError(429, 'too_many_attempts', message, {
		'Retry-After': String(slot.retryAfterSeconds)
	});
}

export function authRoutes(deps: AppDeps) {
	return new Hono<AppEnv>()
		.post('/login', async (c) => {
			const { username, password } = await readJson(c, LoginBody);
			const address = clientAddress(c, deps.config);
			// Counted before the slow check: guesses sent at once cannot outrun the count.
			const slot = deps.signIns.reserve(username, address);
			if (!slot.ok) throw tooManyAttempts(slot);
			const row = deps.db.select().from(users).where(eq(users.username, username)).get();
			// Verify even for an unknown username, so timing does not reveal which usernames exist.
			const ok = await verifyPassword(password, row?.passwordHash ?? dummyHash);
			if (!row || !ok || !row.active) throw badCredentials();
			deps.signIns.succeeded(username, address);
			// Rotation: a session cookie the browser already had is ended, never reused.
			const previous = readSessionToken(c, deps.config);
			const old = previous ? lookupSession(deps, previous) : null;
			if (old) revokeSession(deps, old.id);
			const session = createSession(deps, row.id);
			setSessionCookie(c, deps.config, session.token, session.expiresAt);
			const user: SessionUser = {
				id: row.id,
				username: row.username,
				displayName: row.displayName,
				role: row.role,
				wardId: row.wardId,
				unitId: row.unitId
			};
			return c.json({ user: describeUser(deps, user) }, 200);
		})
		.post('/logout', async (c) => {
			// No body, or an empty JSON object (what the app sends): nothing else is understood.
			await readOptionalJson(c, z.strictObject({}));
			const token = readSessionToken(c, deps.config);
			const found = token ? lookupSession(deps, token) : null;
			if (found) {
				revokeSession(deps, found.id);
				deps.live.closeSession(found.id);
			}
			clearSessionCookie(c, deps.config);
			return c.json({ ok: true as const }, 200);
		})
		.get('/me', requireSession(deps), (c) =>
			c.json({ user: describeUser(deps, c.get('user')) }, 200)
		);
}
