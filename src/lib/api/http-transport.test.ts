import { describe, expect, it } from 'vitest';
import { unreachableMessage } from './request.ts';
import { createHttpTransport } from './http-transport.ts';
import { fakeFetch, json } from './testing/fake-fetch.ts';

describe('HTTP sync transport', () => {
	it('posts the push as same-origin JSON and parses the results', async () => {
		const { fetchFn, calls } = fakeFetch(() =>
			json(200, {
				results: [
					{
						id: 'm1',
						status: 'applied',
						referral: { id: 'r1', reference: 'CR-2026-00001', status: 'submitted' }
					}
				]
			})
		);
		const transport = createHttpTransport({ fetch: fetchFn, baseUrl: 'https://wardline.test' });
		const result = await transport.push({ deviceId: 'd1', mutations: [] });
		expect(result).toEqual({
			ok: true,
			value: {
				results: [
					{
						id: 'm1',
						status: 'applied',
						referral: { id: 'r1', reference: 'CR-2026-00001', status: 'submitted' }
					}
				]
			}
		});
		expect(calls[0].url).toBe('https://wardline.test/api/sync/push');
		expect(calls[0].init).toMatchObject({
			method: 'POST',
			credentials: 'same-origin',
			body: '{"deviceId":"d1","mutations":[]}'
		});
	});

	it('pulls with since and limit in the query', async () => {
		const { fetchFn, calls } = fakeFetch(() =>
			json(200, { referrals: [], cursor: 12, more: false })
		);
		const result = await createHttpTransport({ fetch: fetchFn }).pull(7, 200);
		expect(result).toEqual({ ok: true, value: { referrals: [], cursor: 12, more: false } });
		expect(calls[0].url).toBe('/api/sync/pull?since=7&limit=200');
	});

	it('asks which referrals are still visible, and refuses a list that is not one of ids', async () => {
		const { fetchFn, calls } = fakeFetch(() => json(200, { ids: ['r1', 'r2'] }));
		const transport = createHttpTransport({ fetch: fetchFn });
		expect(await transport.visible()).toEqual({ ok: true, value: { ids: ['r1', 'r2'] } });
		expect(calls[0].url).toBe('/api/sync/visible');
		expect(calls[0].init.method).toBe('GET');

		const { fetchFn: wrong } = fakeFetch(() => json(200, { ids: [1, 2] }));
		expect(await createHttpTransport({ fetch: wrong }).visible()).toMatchObject({
			ok: false,
			kind: 'fatal'
		});
	});

	it('puts a photo with its type and hash', async () => {
		const { fetchFn, calls } = fakeFetch(() => new Response(null, { status: 204 }));
		const blob = new Blob(['jpeg']);
		const result = await createHttpTransport({ fetch: fetchFn }).putAttachment(
			'p 1',
			blob,
			'image/jpeg',
			'abc'
		);
		expect(result.ok).toBe(true);
		expect(calls[0].url).toBe('/api/attachments/p%201');
		expect(calls[0].init).toMatchObject({
			method: 'PUT',
			body: blob,
			headers: { 'content-type': 'image/jpeg', 'x-content-sha256': 'abc' }
		});
	});

	it('sorts a refusal for the engine, in the server’s words or else its status line', async () => {
		const answers = [
			json(401, { error: 'x', message: 'Sign in again.' }),
			new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })
		];
		const { fetchFn } = fakeFetch(() => answers.shift()!);
		const transport = createHttpTransport({ fetch: fetchFn });
		expect(await transport.pull(0, 10)).toEqual({
			ok: false,
			kind: 'auth',
			status: 401,
			message: 'Sign in again.'
		});
		expect(await transport.pull(0, 10)).toEqual({
			ok: false,
			kind: 'retryable',
			status: 502,
			message: 'The server answered 502 Bad Gateway.'
		});
	});

	it('says offline when the network fails', async () => {
		const { fetchFn } = fakeFetch(() => {
			throw new TypeError('Failed to fetch');
		});
		expect(await createHttpTransport({ fetch: fetchFn }).pull(0, 10)).toEqual({
			ok: false,
			kind: 'offline',
			message: unreachableMessage
		});
	});

	it('refuses an answer that is not the agreed shape, and retries a portal’s web page', async () => {
		const { fetchFn } = fakeFetch(() => json(200, { results: 'nope' }));
		expect(
			await createHttpTransport({ fetch: fetchFn }).push({ deviceId: 'd', mutations: [] })
		).toEqual({
			ok: false,
			kind: 'fatal',
			status: 200,
			message: 'The server sent an answer in a form Wardline does not know.'
		});
		const { fetchFn: portal } = fakeFetch(
			() => new Response('<html>Sign in to hotel wifi</html>', { status: 200 })
		);
		expect(await createHttpTransport({ fetch: portal }).pull(0, 10)).toEqual({
			ok: false,
			kind: 'retryable',
			status: 200,
			message: 'The server sent an answer Wardline cannot read.'
		});
	});
});
