// Typed calls the UI makes outside sync: sign in and out, who am I (reference data: reference.ts). Each
// answers a value or a message a councillor can act on; none throws for an HTTP failure.
import * as z from 'zod/mini';
import { Role } from '../domain/enums.ts';
import { ErrorBody } from '../domain/error-body.ts';
import { defaultTimeoutMs, fetchWithTimeout, unreachableMessage } from './fetch.ts';

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

/** `status` is 0 when the server could not be reached at all. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; status: number; message: string };

export interface ApiClientOptions {
	fetch: typeof fetch;
	baseUrl?: string;
	timeoutMs?: number;
}

const unreadable = 'The server sent an answer Wardline cannot read. Try again in a minute.';

/** Some endpoints wrap the user as `{ user }`; accept both shapes. */
const UserBody = z.union([
	z.pipe(
		z.object({ user: SessionUser }),
		z.transform((b) => b.user)
	),
	SessionUser
]);

export function createApiClient(options: ApiClientOptions) {
	const baseUrl = options.baseUrl ?? '';
	const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;

	async function call<T>(
		path: string,
		init: RequestInit,
		schema: z.ZodMiniType<T> | null
	): Promise<ApiResult<T>> {
		const sent = await fetchWithTimeout(options.fetch, baseUrl + path, init, timeoutMs);
		if (!sent.ok) return { ok: false, status: 0, message: unreachableMessage };
		const response = sent.value;
		let json: unknown = null;
		try {
			json = response.status === 204 ? null : await response.json();
		} catch {
			json = undefined;
		}
		if (!response.ok) {
			const body = ErrorBody.safeParse(json);
			return {
				ok: false,
				status: response.status,
				message: body.success
					? body.data.message
					: response.status >= 500
						? unreachableMessage
						: unreadable
			};
		}
		if (schema === null) return { ok: true, value: undefined as T };
		const parsed = schema.safeParse(json);
		return parsed.success
			? { ok: true, value: parsed.data }
			: { ok: false, status: response.status, message: unreadable };
	}

	const jsonPost = (body: unknown): RequestInit => ({
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});

	return {
		call,
		jsonPost,
		login: (username: string, password: string) =>
			call('/api/auth/login', jsonPost({ username, password }), UserBody),
		logout: () => call<void>('/api/auth/logout', jsonPost({}), null),
		me: () => call('/api/auth/me', { method: 'GET' }, UserBody)
	};
}

export type ApiClient = ReturnType<typeof createApiClient>;

// The browser's client, bound lazily so importing this module never touches globals.
let browserClient: ApiClient | undefined;
function client(): ApiClient {
	browserClient ??= createApiClient({ fetch: (input, init) => globalThis.fetch(input, init) });
	return browserClient;
}

/** Any JSON API call from the browser, with the same error handling as the calls below. */
export function apiCall<T>(
	path: string,
	init: RequestInit,
	schema: z.ZodMiniType<T> | null
): Promise<ApiResult<T>> {
	return client().call(path, init, schema);
}

export function jsonPost(body: unknown): RequestInit {
	return client().jsonPost(body);
}

export const login = (username: string, password: string) => client().login(username, password);
export const logout = () => client().logout();
export const me = () => client().me();
