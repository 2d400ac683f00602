// Test harness: a real app over a temporary SQLite file with demo data, a fake clock, and
// helpers to sign in and call the API the way the tablet does (no port is opened).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateReferralInput } from '#domain/referral';
import { FakeClock } from '#domain/testing/fake-clock';
import { createApp, type CreateAppOptions } from '../app.ts';
import { openDatabase } from '../db/open.ts';
import { demoPassword, seedDemoData } from '../demo/seed.ts';
import { LiveHub } from '../live/live-hub.ts';

export const origin = 'http://localhost';

/**
 * The server's tests read and set the time as a Date (`clock.now`); this is the one FakeClock seen
 * that way, so time moves by one rule on both sides.
 */
function dateView(fake: FakeClock) {
	return {
		get now(): Date {
			return fake.read();
		},
		set now(at: Date) {
			fake.set(at);
		},
		read: fake.read,
		advance: (ms: number) => fake.advance(ms)
	};
}

export type TestServer = ReturnType<typeof createTestServer>;

export function createTestServer(options: Partial<Omit<CreateAppOptions, 'db' | 'sqlite'>> = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'wardline-test-'));
	const { db, sqlite } = openDatabase(join(dir, 'wardline.db'));
	const clock = dateView(new FakeClock());
	seedDemoData(db, { clock: clock.read });
	// The live hub is the test's to poke (check, heartbeat); its timers are never started here.
	const live = options.live ?? new LiveHub({ db });
	const app = createApp({ db, sqlite, clock: clock.read, ...options, live });

	async function request(
		path: string,
		init: RequestInit & { cookie?: string; json?: unknown } = {}
	) {
		const headers = new Headers(init.headers);
		if (init.cookie) headers.set('cookie', init.cookie);
		let body = init.body;
		if (init.json !== undefined) {
			headers.set('content-type', 'application/json');
			body = JSON.stringify(init.json);
		}
		return app.request(`${origin}${path}`, { ...init, headers, body });
	}

	/** Signs in a demo user and returns the Cookie header value for later requests. */
	async function login(username: string): Promise<string> {
		const res = await request('/api/auth/login', {
			method: 'POST',
			json: { username, password: demoPassword }
		});
		if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status}`);
		const setCookie = res.headers.get('set-cookie') ?? '';
		return setCookie.split(';')[0];
	}

	/** A fetch that reaches the app as the holder of `cookie` would, e.g. for the tablet's HTTP transport. */
	function fetchAs(cookie: string): typeof fetch {
		return (input, init = {}) =>
			request(String(input), {
				method: init.method,
				headers: init.headers,
				body: init.body,
				cookie
			});
	}

	/** A sign-in as it reaches the server from `address` (the socket's peer); `on` another app. */
	function signInFrom(address: string, username: string, password: string, on = app) {
		return on.request(
			`${origin}/api/auth/login`,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ username, password })
			},
			{ incoming: { socket: { remoteAddress: address } } }
		);
	}

	async function push(cookie: string, mutations: unknown[], deviceId = 'device-1') {
		return request('/api/sync/push', { method: 'POST', cookie, json: { deviceId, mutations } });
	}

	async function pull(cookie: string, since = 0, limit?: number) {
		const query = `since=${since}${limit === undefined ? '' : `&limit=${limit}`}`;
		return request(`/api/sync/pull?${query}`, { cookie });
	}

	async function visible(cookie: string) {
		return request('/api/sync/visible', { cookie });
	}

	function close(): void {
		sqlite.close();
		rmSync(dir, { recursive: true, force: true });
	}

	return {
		app,
		db,
		sqlite,
		clock,
		live,
		request,
		fetchAs,
		login,
		signInFrom,
		push,
		pull,
		visible,
		close
	};
}

export function createPayload(overrides: Partial<CreateReferralInput> = {}): CreateReferralInput {
	return {
		wardId: 'ward-belah',
		categoryId: 'cat-pothole',
		channel: 'surgery',
		urgency: 'routine',
		description: 'Deep pothole outside the school gates',
		location: { address: '12 Warwick Road, Carlisle', postcode: 'ca1 1aa' },
		resident: { name: 'Mary Smith', phone: '01228 496000', preferredContact: 'phone' },
		capturedAt: '2026-03-02T08:30:00.000Z',
		...overrides
	};
}

export function createMutation(
	overrides: { referralId?: string; id?: string; payload?: unknown } = {}
) {
	return {
		id: overrides.id ?? randomUUID(),
		referralId: overrides.referralId ?? randomUUID(),
		kind: 'create' as const,
		payload: overrides.payload ?? createPayload(),
		createdAt: '2026-03-02T08:31:00.000Z'
	};
}

export function mutation(
	referralId: string,
	kind: string,
	payload: unknown,
	id: string = randomUUID()
) {
	return { id, referralId, kind, payload, createdAt: '2026-03-02T08:40:00.000Z' };
}
