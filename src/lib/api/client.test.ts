import { describe, expect, it } from 'vitest';
import { createApiClient } from './client.ts';
import { json } from './testing/fake-fetch.ts';

const user = {
	id: 'u1',
	username: 'cllr.ada',
	displayName: 'Cllr Ada',
	role: 'member',
	wardId: 'w1',
	unitId: null
};

describe('API client', () => {
	it('signs in and returns the user', async () => {
		const calls: RequestInit[] = [];
		const client = createApiClient({
			fetch: (async (_url: RequestInfo | URL, init: RequestInit = {}) => (
				calls.push(init),
				json(200, { user })
			)) as typeof fetch
		});
		expect(await client.login('cllr.ada', 'secret')).toEqual({ ok: true, value: user });
		expect(calls[0]).toMatchObject({
			method: 'POST',
			body: '{"username":"cllr.ada","password":"secret"}',
			credentials: 'same-origin'
		});
	});

	it("passes on the server's message when it says no", async () => {
		const client = createApiClient({
			fetch: (async () =>
				json(401, {
					error: 'bad_credentials',
					message: 'That username and password do not match.'
				})) as typeof fetch
		});
		expect(await client.login('x', 'y')).toEqual({
			ok: false,
			kind: 'auth',
			status: 401,
			message: 'That username and password do not match.'
		});
	});

	it('says the server cannot be reached, and that work is safe, when offline or failing', async () => {
		const unreachable = "Wardline's server can't be reached. Your work is saved on this tablet.";
		const offline = createApiClient({
			fetch: (async () => {
				throw new TypeError('Failed to fetch');
			}) as typeof fetch
		});
		expect(await offline.me()).toEqual({ ok: false, kind: 'offline', message: unreachable });
		const failing = createApiClient({
			fetch: (async () => new Response('Bad gateway', { status: 502 })) as typeof fetch
		});
		expect(await failing.me()).toEqual({
			ok: false,
			kind: 'retryable',
			status: 502,
			message: unreachable
		});
	});

	it('reads the user wrapped or not, and signs out', async () => {
		const client = createApiClient({
			fetch: (async (url: RequestInfo | URL) =>
				String(url).endsWith('/logout')
					? new Response(null, { status: 204 })
					: json(200, user)) as typeof fetch
		});
		expect(await client.me()).toEqual({ ok: true, value: user });
		expect(await client.logout()).toEqual({ ok: true, value: undefined });
	});
});
