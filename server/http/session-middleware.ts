// Puts the signed-in user on the context, or answers 401; requireRole narrows a route further.
import { createMiddleware } from 'hono/factory';
import type { Role } from '#domain/enums';
import { lookupSession, readSessionToken } from '../auth/sessions.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { ApiError } from './errors.ts';

export const noSession = () => new ApiError(401, 'no_session', 'Sign in to continue.');

export function requireSession(deps: AppDeps) {
	return createMiddleware<AppEnv>(async (c, next) => {
		const token = readSessionToken(c, deps.config);
		const found = token ? lookupSession(deps, token) : null;
		if (!found) throw noSession();
		c.set('user', found.user);
		c.set('sessionId', found.id);
		await next();
	});
}

export function requireRole(...roles: Role[]) {
	return createMiddleware<AppEnv>(async (c, next) => {
		if (!roles.includes(c.get('user').role))
			throw new ApiError(403, 'forbidden', 'Your role does not allow this.');
		await next();
	});
}
