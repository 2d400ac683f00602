// Typed calls the UI makes outside sync: sign in and out, who am I (reference data: reference.ts).
// Each answers a value or a message a councillor can act on (request.ts); none throws.
import * as z from 'zod/mini';
import { Role } from '../domain/enums.ts';
import { createRequest, jsonBody, type RequestOptions } from './request.ts';

const nullWhenMissing = z.pipe(
	z.optional(z.nullable(z.string())),
	z.transform((v) => v ?? null)
);

export const SessionUser = z.object({
	id: z.string(),
	username: z.string(),
	displayName: z.string(),
	role: Role,
	wardId: nullWhenMissing,
	unitId: nullWhenMissing,
	email: z.optional(z.nullable(z.string())),
	phone: z.optional(z.nullable(z.string())),
	members: z.optional(
		z.array(z.object({ id: z.string(), displayName: z.string(), wardId: nullWhenMissing }))
	)
});
export type SessionUser = z.infer<typeof SessionUser>;

/** Some endpoints wrap the user as `{ user }`; accept both shapes. */
const UserBody = z.union([
	z.pipe(
		z.object({ user: SessionUser }),
		z.transform((b) => b.user)
	),
	SessionUser
]);

export function createApiClient(options: RequestOptions = {}) {
	const request = createRequest(options);
	return {
		login: (username: string, password: string) =>
			request('/api/auth/login', jsonBody('POST', { username, password }), UserBody),
		logout: () => request('/api/auth/logout', jsonBody('POST', {}), null),
		me: () => request('/api/auth/me', { method: 'GET' }, UserBody)
	};
}

const browserClient = createApiClient();

export const { login, logout, me } = browserClient;
