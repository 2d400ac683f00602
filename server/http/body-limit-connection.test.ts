// A request refused for its size must not break the connection it came on: the server either
// reads the rest of the body or says "Connection: close", so the client's next request works.
import http from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../testing/listening-server.ts';
import { createTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let listening: Listening;
let agent: http.Agent;
beforeEach(async () => {
	server = createTestServer();
	listening = await listen(server.app);
	// One socket, reused: the second request goes on the first one's connection if it is still open.
	agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
});
afterEach(async () => {
	agent.destroy();
	await listening.close();
	server.close();
});

interface Answer {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
	socket: Socket;
}

function send(
	path: string,
	options: {
		method?: string;
		headers?: http.OutgoingHttpHeaders;
		/** Sent whole (with the Content-Length given), or as chunks without one. */
		body?: Buffer | Buffer[];
	} = {}
): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const req = http.request(
			`${listening.url}${path}`,
			{ agent, method: options.method ?? 'GET', headers: options.headers },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: Buffer.concat(chunks).toString('utf8'),
						socket: req.socket as Socket
					})
				);
			}
		);
		req.on('error', reject);
		if (Array.isArray(options.body)) for (const chunk of options.body) req.write(chunk);
		req.end(Array.isArray(options.body) ? undefined : options.body);
	});
}

const oversized = (bytes: number) => Buffer.alloc(bytes, 0x20);

describe('a request over the body limit', () => {
	for (const [what, path, type, bytes] of [
		['JSON over 1 MB', '/api/sync/push', 'application/json', 2 * 1024 * 1024],
		['a photo over 5 MB', `/api/attachments/${crypto.randomUUID()}`, 'image/jpeg', 6 * 1024 * 1024]
	] as const) {
		it(`${what}: 413, and the next request on the connection succeeds`, async () => {
			for (let round = 0; round < 5; round += 1) {
				const body = oversized(bytes);
				const refused = await send(path, {
					method: path.startsWith('/api/sync') ? 'POST' : 'PUT',
					headers: { 'content-type': type, 'content-length': body.length },
					body
				});
				expect(refused.status).toBe(413);
				expect(JSON.parse(refused.body)).toMatchObject({ error: 'too_large' });
				// Keeping the connection open would leave the unread body in the way of the next request.
				expect(refused.headers.connection).toBe('close');
				const next = await send('/api/health');
				expect(next.status).toBe(200);
				expect(JSON.parse(next.body)).toMatchObject({ ok: true });
			}
		});
	}

	it('a body without Content-Length (chunked) over the limit: 413 and Connection: close', async () => {
		const refused = await send('/api/sync/push', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: Array.from({ length: 3 }, () => oversized(512 * 1024))
		});
		expect(refused.status).toBe(413);
		expect(refused.headers.connection).toBe('close');
		expect((await send('/api/health')).status).toBe(200);
	});

	it('a request within the limit keeps the connection alive', async () => {
		const first = await send('/api/health');
		const second = await send('/api/health');
		expect(first.headers.connection).toBe('keep-alive');
		expect(second.socket).toBe(first.socket);
	});
});
