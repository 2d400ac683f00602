// For tests that need a real socket (keep-alive, headers the Node adapter writes): the test
// server's app served by @hono/node-server on 127.0.0.1, a free port.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { createApp } from '../app.ts';

export interface Listening {
	url: string;
	port: number;
	close(): Promise<void>;
}

export async function listen(app: ReturnType<typeof createApp>): Promise<Listening> {
	const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
		const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
	});
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		close: () =>
			new Promise<void>((resolve) => {
				// Keep-alive sockets would hold close() open until they time out.
				(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
				server.close(() => resolve());
			})
	};
}
