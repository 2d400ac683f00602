import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { appWording, createRequest, jsonBody, unreachableMessage } from './request.ts';
import { fakeFetch, json } from './testing/fake-fetch.ts';

const Answer = z.object({ answer: z.number() });

describe('one request module for every call the browser makes', () => {
	it('sends same-origin JSON to the base address and reads the answer against its schema', async () => {
		const { fetchFn, calls } = fakeFetch(() => json(200, { answer: 42 }));
		const request = createRequest({ fetch: fetchFn, baseUrl: 'https://wardline.test' });
		expect(await request('/api/x', jsonBody('POST', { a: 1 }), Answer)).toEqual({
			ok: true,
			value: { answer: 42 }
		});
		expect(calls[0].url).toBe('https://wardline.test/api/x');
		expect(calls[0].init).toMatchObject({
			method: 'POST',
			credentials: 'same-origin',
			headers: { 'content-type': 'application/json' },
			body: '{"a":1}'
		});
	});

	it('sends no body when there is none, and reads none when the answer does not matter', async () => {
		const { fetchFn, calls } = fakeFetch(() => new Response(null, { status: 204 }));
		expect(await createRequest({ fetch: fetchFn })('/api/x', jsonBody('POST'), null)).toEqual({
			ok: true,
			value: undefined
		});
		expect(calls[0].init.body).toBeUndefined();
	});

	it.each([
		[401, 'auth'],
		[500, 'retryable'],
		[503, 'retryable'],
		[408, 'retryable'],
		[429, 'retryable'],
		[400, 'fatal'],
		[403, 'fatal'],
		[409, 'fatal'],
		[413, 'fatal']
	])('sorts HTTP %i as %s, keeping the server’s sentence', async (status, kind) => {
		const { fetchFn } = fakeFetch(() => json(status, { error: 'x', message: 'Because reasons.' }));
		expect(await createRequest({ fetch: fetchFn })('/api/x', { method: 'GET' }, Answer)).toEqual({
			ok: false,
			kind,
			status,
			message: 'Because reasons.'
		});
	});

	it('hands back a refusal’s whole body only to a caller that asks for it', async () => {
		const refusal = { error: 'refused', message: 'Line 3 is not a postcode.', report: { read: 3 } };
		const { fetchFn } = fakeFetch(() => json(400, refusal));
		const keeping = createRequest({ fetch: fetchFn, keepErrorBody: true });
		expect(await keeping('/api/x', { method: 'POST' }, Answer)).toEqual({
			ok: false,
			kind: 'fatal',
			status: 400,
			message: 'Line 3 is not a postcode.',
			body: refusal
		});
		expect(
			await createRequest({ fetch: fetchFn })('/api/x', { method: 'POST' }, Answer)
		).not.toHaveProperty('body');
	});

	it('says offline when the network fails', async () => {
		const { fetchFn } = fakeFetch(() => {
			throw new TypeError('Failed to fetch');
		});
		expect(await createRequest({ fetch: fetchFn })('/api/x', { method: 'GET' }, Answer)).toEqual({
			ok: false,
			kind: 'offline',
			message: unreachableMessage
		});
	});

	it('says offline when the server does not answer in time', async () => {
		const { fetchFn } = fakeFetch(
			({ init }) =>
				new Promise<Response>((_, reject) =>
					init.signal?.addEventListener('abort', () =>
						reject(new DOMException('aborted', 'AbortError'))
					)
				)
		);
		const request = createRequest({ fetch: fetchFn, timeoutMs: 10 });
		expect(await request('/api/x', { method: 'GET' }, Answer)).toMatchObject({
			ok: false,
			kind: 'offline',
			timedOut: true
		});
	});

	it('lets a bug in the caller’s fetch through rather than calling it offline', async () => {
		const { fetchFn } = fakeFetch(() => {
			throw new RangeError('not a network failure');
		});
		await expect(
			createRequest({ fetch: fetchFn })('/api/x', { method: 'GET' }, Answer)
		).rejects.toThrow(RangeError);
	});

	it('refuses an answer that is not the agreed shape, for good', async () => {
		const { fetchFn } = fakeFetch(() => json(200, { answer: 'nope' }));
		expect(await createRequest({ fetch: fetchFn })('/api/x', { method: 'GET' }, Answer)).toEqual({
			ok: false,
			kind: 'fatal',
			status: 200,
			message: appWording.unreadable
		});
	});

	it('tries again later when a portal answers 200 with a web page', async () => {
		const { fetchFn } = fakeFetch(
			() => new Response('<html>Sign in to hotel wifi</html>', { status: 200 })
		);
		expect(await createRequest({ fetch: fetchFn })('/api/x', { method: 'GET' }, Answer)).toEqual({
			ok: false,
			kind: 'retryable',
			status: 200,
			message: appWording.notJson
		});
	});

	it('words each failure as the caller asks, giving it the server’s sentence when there is one', async () => {
		const seen: (string | null)[] = [];
		const wording = {
			offline: 'No signal.',
			failed: (response: Response, said: string | null) => (
				seen.push(said),
				`Refused ${response.status}.`
			),
			notJson: 'Not JSON.',
			unreadable: 'Wrong shape.'
		};
		const answers = [
			json(403, { error: 'x', message: 'Not yours.' }),
			new Response('<html>Bad gateway</html>', { status: 502 })
		];
		const { fetchFn } = fakeFetch(() => answers.shift()!);
		const request = createRequest({ fetch: fetchFn, wording });
		expect(await request('/api/x', { method: 'GET' }, Answer)).toMatchObject({
			message: 'Refused 403.'
		});
		expect(await request('/api/x', { method: 'GET' }, Answer)).toMatchObject({
			message: 'Refused 502.'
		});
		expect(seen).toEqual(['Not yours.', null]);
	});
});
