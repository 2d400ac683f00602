// For the benchmarks: the real app over a temporary SQLite file with demo data, listening on
// 127.0.0.1 (a free port), plus a fetch that carries a signed-in session like the browser would.
import { serve } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from '../server/app.ts';
import { openDatabase, type Db, type Sqlite } from '../server/db/open.ts';
import { demoPassword, seedDemoData } from '../server/demo/seed.ts';

export interface LoopbackServer {
	url: string;
	db: Db;
	sqlite: Sqlite;
	/** Signs in a demo user; the returned fetch sends that session's cookie (and our Origin). */
	signIn(username: string): Promise<typeof fetch>;
	close(): Promise<void>;
}

export async function startLoopbackServer(
	prepare: (db: Db, sqlite: Sqlite) => void = () => {}
): Promise<LoopbackServer> {
	const dir = mkdtempSync(join(tmpdir(), 'wardline-bench-'));
	const { db, sqlite } = openDatabase(join(dir, 'wardline.db'));
	seedDemoData(db, { clock: () => new Date() });
	prepare(db, sqlite);
	const app = createApp({ db, sqlite });
	const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
		const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
	});
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	async function signIn(username: string): Promise<typeof fetch> {
		const res = await fetch(`${url}/api/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: url },
			body: JSON.stringify({ username, password: demoPassword })
		});
		if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status}`);
		const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
		return (input, init = {}) => {
			const headers = new Headers(init.headers);
			headers.set('cookie', cookie);
			headers.set('origin', url);
			return fetch(input, { ...init, headers });
		};
	}

	return {
		url,
		db,
		sqlite,
		signIn,
		async close() {
			await new Promise<void>((resolve) => server.close(() => resolve()));
			sqlite.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
