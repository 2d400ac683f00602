// For the whole-path property test (src/lib/local/sync-whole-path.test.ts): the real app over a
// SQLite file that can be restarted, and an in-memory network that loses, repeats, reorders and
// crashes requests on the way to it.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app.ts';
import { openDatabase, type Db, type Sqlite } from '../db/open.ts';
import { demoPassword, seedDemoData } from '../demo/seed.ts';

export const origin = 'http://localhost';

/** The real app over one SQLite file (WAL), which can be "restarted": closed and opened again. */
export class RestartableServer {
	readonly dir = mkdtempSync(join(tmpdir(), 'wardline-whole-path-'));
	readonly file = join(this.dir, 'wardline.db');
	sqlite!: Sqlite;
	app!: ReturnType<typeof createApp>;
	/** The next mutation's transaction throws just before commit, as a killed process would. */
	crashNext = false;
	restarts = 0;

	constructor() {
		seedDemoData(this.open(), { clock: () => new Date() });
	}

	private open(): Db {
		const { db, sqlite } = openDatabase(this.file);
		this.sqlite = sqlite;
		this.app = createApp({
			db,
			sqlite,
			faults: {
				beforeMutationCommit: () => {
					if (!this.crashNext) return;
					this.crashNext = false;
					throw new Error('simulated crash before commit');
				}
			}
		});
		return db;
	}

	restart(): void {
		this.sqlite.close();
		this.restarts += 1;
		this.open();
	}

	/** The README's restore: stop, copy the backup over the file, remove -wal and -shm, start. */
	restoreFrom(backupPath: string): void {
		this.sqlite.close();
		copyFileSync(backupPath, this.file);
		rmSync(`${this.file}-wal`, { force: true });
		rmSync(`${this.file}-shm`, { force: true });
		this.restarts += 1;
		this.open();
	}

	count(sql: string, ...params: unknown[]): number {
		return (this.sqlite.prepare(sql).get(...params) as { n: number }).n;
	}

	changeNo(): number {
		const row = this.sqlite.prepare('select value from change_counter where id = 1').get() as
			{ value: number } | undefined;
		return row?.value ?? 0;
	}

	async login(username: string): Promise<string> {
		const res = await this.app.request(`${origin}/api/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin },
			body: JSON.stringify({ username, password: demoPassword })
		});
		if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
		return (res.headers.get('set-cookie') ?? '').split(';')[0];
	}

	close(): void {
		this.sqlite.close();
		rmSync(this.dir, { recursive: true, force: true });
	}
}

export const faultKinds = [
	'none',
	'lose-request', // never reaches the server
	'lose-response', // applied, answer lost
	'deliver-twice', // the network repeats the request
	'straggle', // delivered now, and a copy again later, out of order
	'crash', // the server dies in the middle of a mutation's transaction (500)
	'restart-before-answer' // applied, then the server process restarts before answering
] as const;
export type Fault = (typeof faultKinds)[number];

interface HeldRequest {
	url: string;
	init: RequestInit;
}

/** The in-memory network: every request goes to `server.app.request()`, with the faults asked for. */
export class Network {
	offline = false;
	faults: Fault[] = [];
	stragglers: HeldRequest[] = [];
	/** Runs once after the server handled a request and before the answer is read (a save mid-sync). */
	during: (() => Promise<void>) | null = null;
	requests = 0;

	constructor(private readonly server: RestartableServer) {}

	fetchAs(cookie: string): typeof fetch {
		return async (input, init = {}) => {
			const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
			const headers = new Headers(init.headers);
			headers.set('cookie', cookie);
			headers.set('origin', origin);
			// The transport's timeout signal is for real sockets; the in-memory network never hangs.
			const held: HeldRequest = { url, init: { method: init.method, body: init.body, headers } };
			if (this.offline) throw new TypeError('Failed to fetch (offline)');
			this.requests += 1;
			const fault = this.faults.shift() ?? 'none';
			switch (fault) {
				case 'lose-request':
					throw new TypeError('Failed to fetch (request lost)');
				case 'lose-response':
					await this.deliver(held);
					throw new TypeError('Failed to fetch (answer lost)');
				case 'deliver-twice':
					await this.deliver(held);
					return this.deliver(held);
				case 'straggle':
					this.stragglers.push(held);
					return this.deliver(held);
				case 'crash':
					this.server.crashNext = true;
					return this.deliver(held);
				case 'restart-before-answer':
					await this.deliver(held);
					this.server.restart();
					throw new TypeError('Failed to fetch (server restarted)');
				case 'none':
					return this.deliver(held);
			}
		};
	}

	/** Late copies arrive newest first (reordered); nobody is listening for their answers. */
	async deliverStragglers(): Promise<void> {
		const late = this.stragglers.splice(0).reverse();
		for (const held of late) await (await this.server.app.request(held.url, held.init)).text();
	}

	private async deliver(held: HeldRequest): Promise<Response> {
		const response = await this.server.app.request(held.url, held.init);
		// A crash hook that did not fire (no mutation in this request) must not leak into the next one.
		this.server.crashNext = false;
		const during = this.during;
		this.during = null;
		if (during) await during();
		return response;
	}
}
