// Property tests: every route in app.routes (so new routes are covered without a word here), for
// each role, gets random and hostile bodies, queries and path parameters. The answer must be a
// 4xx with `{ error, message }` (or a 2xx that changed nothing), never a 5xx, and the data alone.
// FC_SEED=<n> replays a run; FC_RUNS=<n> sets the runs per route and signed-in role (default 25;
// a quarter of that without a session, where nearly everything stops at "sign in").
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '#domain/sync-protocol';
import { defaultSignInThrottle } from '../auth/sign-in-throttle.ts';
import { captureReferral, type Cookies } from '../testing/privacy-fixtures.ts';
import { createTestServer, type TestServer } from '../testing/test-server.ts';
import { hostileRequest, type HostileRequest } from '../testing/hostile-requests.ts';

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const numRuns = Number(process.env.FC_RUNS ?? 25);

type Role = 'anonymous' | 'member' | 'officer' | 'admin';
const roles: Role[] = ['anonymous', 'member', 'officer', 'admin'];
const usernames: Record<Exclude<Role, 'anonymous'>, string> = {
	member: 'cllr.ahmed',
	officer: 'officer.highways',
	admin: 'admin'
};

// Reads and sign-ins legitimately write these; everything else must stay as it was.
const alwaysExcluded = ['audit_log', 'sessions', '__drizzle_migrations'];
const excludedFor: Record<string, string[]> = {
	// Makes the tablet's recovery secret on first ask, by design (server/routes/device-key.ts).
	'GET /api/device-key': ['device_keys']
};

let server: TestServer;
const cookies: Partial<Record<Role, string>> = {};
const realIds: string[] = [];

// A test server whose route list we read at collection time, before beforeAll runs.
const routeServer = createTestServer();
const routes = [
	...new Map(
		routeServer.app.routes
			.filter((r) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
			.map((r) => [`${r.method} ${r.path}`, { method: r.method, path: r.path }])
	).values()
];
routeServer.close();

function checksum(route: string): string {
	const excluded = new Set([...alwaysExcluded, ...(excludedFor[route] ?? [])]);
	const tables = server.sqlite
		.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
		.all() as { name: string }[];
	const hash = createHash('sha256');
	for (const { name } of tables) {
		if (excluded.has(name)) continue;
		const rows = server.sqlite.prepare(`select * from "${name}" order by rowid`).raw().all();
		hash.update(name).update(JSON.stringify(rows));
	}
	return hash.digest('hex');
}

async function send(route: { method: string; path: string }, role: Role, req: HostileRequest) {
	let i = 0;
	const path = route.path.replace(/:[^/]+/g, () => req.params[i++] ?? 'x');
	const headers: Record<string, string> = {};
	if (req.contentType !== null) headers['content-type'] = req.contentType;
	return server.request(`${path}${req.query ? `?${req.query}` : ''}`, {
		method: route.method,
		cookie: cookies[role],
		headers,
		body: route.method === 'GET' ? undefined : req.body
	});
}

/** A sign-out (or a revoke) may have ended this role's session: sign in again if so. */
async function keepSignedIn(role: Role): Promise<void> {
	if (role === 'anonymous') return;
	const me = await server.request('/api/auth/me', { cookie: cookies[role] });
	if (me.status === 401) cookies[role] = await server.login(usernames[role]);
}

beforeAll(async () => {
	// The sign-in limiter has its own tests; here it must not lock the roles out mid-run.
	server = createTestServer({
		config: {
			signInThrottle: {
				...defaultSignInThrottle,
				freeFailures: 1e9,
				addressSoftLimit: 1e9,
				accountSoftLimit: 1e9
			}
		}
	});
	for (const role of roles)
		if (role !== 'anonymous') cookies[role] = await server.login(usernames[role]);
	// Some data to find, so reads go past "not found".
	const referralId = await captureReferral(server, cookies as Cookies);
	const photo = server.sqlite.prepare('select id from attachments').get() as { id: string };
	realIds.push(
		referralId,
		photo.id,
		'user-admin',
		'ward-belah',
		'unit-highways',
		'CR-2026-00001.json'
	);
	// "Retry now" writes the CRM state row the first time: do that before the first checksum.
	await server.request('/api/admin/crm/retry', { method: 'POST', cookie: cookies.admin });
});
afterAll(() => server.close());

describe('hostile input at every route', () => {
	it('finds the routes to test', () => {
		expect(routes.length).toBeGreaterThan(30);
	});

	for (const route of routes) {
		const name = `${route.method} ${route.path}`;
		it(`${name} answers 2xx or 4xx with a reason, never 5xx, and changes no data`, async () => {
			for (const role of roles) {
				const baseline = checksum(name);
				await fc.assert(
					fc.asyncProperty(hostileRequest(route, realIds), async (req) => {
						const res = await send(route, role, req);
						// A live line (GET /api/live) stays open until the client goes: read no further.
						const live = res.headers.get('content-type')?.startsWith('text/event-stream');
						if (live) await res.body?.cancel();
						const text = live ? '' : await res.text();
						const where = `${role} ${res.status} ${text.slice(0, 300)}`;
						expect(res.status, where).toBeLessThan(500);
						expect([2, 4], where).toContain(Math.floor(res.status / 100));
						expect(res.headers.get('content-security-policy'), where).toContain(
							"frame-ancestors 'none'"
						);
						expect(res.headers.get('x-content-type-options'), where).toBe('nosniff');
						if (res.status >= 400 && res.headers.get('content-type')?.startsWith('text/xml')) {
							// GeoReport v2's XML errors, on the feed's .xml routes.
							expect(route.path, where).toMatch(/^\/open311\/.*\.xml$/);
							expect(text, where).toMatch(
								/<errors><error><code>\d{3}<\/code><description>[^<]+<\/description><\/error><\/errors>/
							);
						} else if (res.status >= 400) {
							const body: unknown = JSON.parse(text);
							const open311 = route.path.startsWith('/open311/') && Array.isArray(body);
							if (!open311) expect(ErrorBody.safeParse(body).success, where).toBe(true);
						}
						expect(checksum(name), where).toBe(baseline);
						if (res.status < 300 && route.method !== 'GET') await keepSignedIn(role);
					}),
					{ numRuns: role === 'anonymous' ? Math.ceil(numRuns / 4) : numRuns, seed }
				);
			}
		});
	}
});
