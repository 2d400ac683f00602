// Who may do what, route by route: every route of the app x every role, against a referral
// owned by one Member (and so not another's), asserting the exact status code. The route
// list is read from the app itself, so a new route without a row here fails this test.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { demoGeography } from '../demo/demo-geography.ts';
import {
	createMutation,
	createPayload,
	createTestServer,
	mutation
} from '../testing/test-server.ts';
import { tinyJpeg } from '../testing/test-photos.ts';

const roles = [
	'anonymous',
	'member',
	'otherMember',
	'support',
	'officer',
	'otherOfficer',
	'admin'
] as const;
type Role = (typeof roles)[number];

const usernames: Record<Exclude<Role, 'anonymous'>, string> = {
	member: 'cllr.ahmed',
	otherMember: 'cllr.brown',
	support: 'support.jones',
	officer: 'officer.highways',
	otherOfficer: 'officer.parks',
	admin: 'admin'
};

/** What a route is called with: the Member's fresh referral, its photo, and a real session id. */
interface Target {
	referralId: string;
	reference: string;
	photoId: string;
	sessionId: string;
	/** The referral forwarded (by its officer) to the outside body setUp adds. */
	forwardId: string;
}

interface Row {
	call: (t: Target) => {
		path: string;
		method?: string;
		json?: unknown;
		body?: BodyInit;
		type?: string;
	};
	expect: Record<Role, number>;
}

// Shorthands for the common patterns.
const everyone = (code: number): Record<Role, number> =>
	Object.fromEntries(roles.map((r) => [r, code])) as Record<Role, number>;
const signedIn = (code: number) => ({ ...everyone(code), anonymous: 401 });
const adminOnly = (code: number) => ({ ...everyone(403), anonymous: 401, admin: code });
/** Sees the Member's referral: the owner, their support officer, the unit's officer, admin. */
const canSee = (code: number) => ({
	anonymous: 401,
	member: code,
	otherMember: 404,
	support: code,
	officer: code,
	otherOfficer: 404,
	admin: code
});
const serviceTeam = (code: number) => ({ ...canSee(code), member: 403, support: 403 });
const ownerSide = (code: number) => ({ ...canSee(code), officer: 403, admin: 403 });

const photoBytes = new Uint8Array(tinyJpeg);

const matrix: Record<string, Row> = {
	'GET /api/health': { call: () => ({ path: '/api/health' }), expect: everyone(200) },
	'POST /api/auth/login': {
		call: () => ({
			path: '/api/auth/login',
			method: 'POST',
			json: { username: 'cllr.brown', password: 'wardline-demo' }
		}),
		expect: everyone(200)
	},
	'POST /api/auth/logout': {
		call: () => ({ path: '/api/auth/logout', method: 'POST', json: {} }),
		expect: everyone(200)
	},
	'GET /api/auth/me': { call: () => ({ path: '/api/auth/me' }), expect: signedIn(200) },
	'GET /api/reference': { call: () => ({ path: '/api/reference' }), expect: signedIn(200) },
	'POST /api/sync/push': {
		call: (t) => ({
			path: '/api/sync/push',
			method: 'POST',
			json: {
				deviceId: 'matrix',
				mutations: [mutation(t.referralId, 'comment', { text: 'Any news?' })]
			}
		}),
		expect: signedIn(200)
	},
	'GET /api/sync/pull': { call: () => ({ path: '/api/sync/pull?since=0' }), expect: signedIn(200) },
	'GET /api/sync/visible': { call: () => ({ path: '/api/sync/visible' }), expect: signedIn(200) },
	// Anyone signed in keeps their own marks; marks on referrals they may not see are ignored.
	'GET /api/read-marks': { call: () => ({ path: '/api/read-marks' }), expect: signedIn(200) },
	'PUT /api/read-marks': {
		call: (t) => ({
			path: '/api/read-marks',
			method: 'PUT',
			json: { marks: [{ referralId: t.referralId, respondedAt: '2026-11-20T10:00:00.000Z' }] }
		}),
		expect: signedIn(200)
	},
	'PUT /api/attachments/:id': {
		call: () => ({
			path: `/api/attachments/${randomUUID()}`,
			method: 'PUT',
			body: photoBytes,
			type: 'image/jpeg'
		}),
		expect: signedIn(200)
	},
	'GET /api/attachments/:id': {
		call: (t) => ({ path: `/api/attachments/${t.photoId}` }),
		expect: canSee(200)
	},
	'GET /api/device-key': {
		call: () => ({ path: '/api/device-key?deviceId=matrix-device' }),
		expect: signedIn(200)
	},
	'GET /api/referrals': { call: () => ({ path: '/api/referrals' }), expect: signedIn(200) },
	'GET /api/referrals/:id': {
		call: (t) => ({ path: `/api/referrals/${t.referralId}` }),
		expect: canSee(200)
	},
	'POST /api/referrals/:id/status': {
		call: (t) => ({
			path: `/api/referrals/${t.referralId}/status`,
			method: 'POST',
			json: { status: 'in_progress' }
		}),
		expect: serviceTeam(200)
	},
	'POST /api/referrals/:id/responses': {
		call: (t) => ({
			path: `/api/referrals/${t.referralId}/responses`,
			method: 'POST',
			json: { text: 'Repaired today.' }
		}),
		expect: serviceTeam(200)
	},
	'POST /api/referrals/:id/reassign': {
		call: (t) => ({
			path: `/api/referrals/${t.referralId}/reassign`,
			method: 'POST',
			json: { unitId: 'unit-drainage', reason: 'It is a gully' }
		}),
		expect: serviceTeam(200)
	},
	'GET /api/referrals/:id/assignees': {
		call: (t) => ({ path: `/api/referrals/${t.referralId}/assignees` }),
		expect: serviceTeam(200)
	},
	'POST /api/referrals/:id/assign': {
		call: (t) => ({
			path: `/api/referrals/${t.referralId}/assign`,
			method: 'POST',
			json: { assigneeId: 'user-officer-highways' }
		}),
		expect: serviceTeam(200)
	},
	'GET /api/response-templates': {
		call: () => ({ path: '/api/response-templates?unitId=unit-highways' }),
		expect: { ...adminOnly(200), officer: 200 }
	},
	'POST /api/response-templates': {
		call: () => ({
			path: '/api/response-templates',
			method: 'POST',
			json: { unitId: 'unit-highways', title: 'Filled', text: 'The pothole has been filled.' }
		}),
		expect: { ...adminOnly(201), officer: 201 }
	},
	// No such template: another team's is answered the same, as if absent.
	'PATCH /api/response-templates/:id': {
		call: () => ({
			path: '/api/response-templates/template-nobody',
			method: 'PATCH',
			json: { title: 'Filled' }
		}),
		expect: signedIn(404)
	},
	'DELETE /api/response-templates/:id': {
		call: () => ({ path: '/api/response-templates/template-nobody', method: 'DELETE' }),
		expect: signedIn(404)
	},
	// No such main referral: the service team is told to choose one, others stop before that.
	'POST /api/referrals/:id/duplicate-of': {
		call: (t) => ({
			path: `/api/referrals/${t.referralId}/duplicate-of`,
			method: 'POST',
			json: { mainId: 'referral-nobody' }
		}),
		expect: serviceTeam(400)
	},
	'POST /api/referrals/:id/chase': {
		call: (t) => ({ path: `/api/referrals/${t.referralId}/chase`, method: 'POST', json: {} }),
		expect: ownerSide(200)
	},
	'GET /api/referrals/:id/forwards': {
		call: (t) => ({ path: `/api/referrals/${t.referralId}/forwards` }),
		expect: serviceTeam(200)
	},
	'POST /api/referrals/:id/forwards': {
		call: (t) => ({
			path: `/api/referrals/${t.referralId}/forwards`,
			method: 'POST',
			json: { outsideBodyId: 'body-matrix-water' }
		}),
		expect: serviceTeam(201)
	},
	'PATCH /api/referrals/:id/forwards/:forwardId': {
		call: (t) => ({
			path: `/api/referrals/${t.referralId}/forwards/${t.forwardId}`,
			method: 'PATCH',
			json: { bodyReference: 'MW-1' }
		}),
		expect: serviceTeam(200)
	},
	'GET /api/live': { call: () => ({ path: '/api/live' }), expect: signedIn(200) },
	'GET /api/mail/preferences': {
		call: () => ({ path: '/api/mail/preferences' }),
		expect: signedIn(200)
	},
	'PUT /api/mail/preferences': {
		// A Member's kind of e-mail: the others are told it is not one their role gets.
		call: () => ({ path: '/api/mail/preferences', method: 'PUT', json: { answered: 'digest' } }),
		expect: { ...signedIn(400), member: 200, otherMember: 200 }
	},
	'GET /api/admin/mail/outbox': {
		call: () => ({ path: '/api/admin/mail/outbox' }),
		expect: adminOnly(200)
	},
	'POST /api/admin/mail/outbox/:id/retry': {
		// Allowed for admin, but no e-mail has that number (nobody here has an address).
		call: () => ({ path: '/api/admin/mail/outbox/999/retry', method: 'POST', json: {} }),
		expect: adminOnly(404)
	},
	'GET /api/admin/outside-bodies': {
		call: () => ({ path: '/api/admin/outside-bodies' }),
		expect: adminOnly(200)
	},
	'POST /api/admin/outside-bodies': {
		call: () => ({
			path: '/api/admin/outside-bodies',
			method: 'POST',
			json: { name: `Matrix Body ${randomUUID().slice(0, 8)}`, email: 'matrix@body.example' }
		}),
		expect: adminOnly(201)
	},
	'PATCH /api/admin/outside-bodies/:id': {
		call: () => ({
			path: '/api/admin/outside-bodies/body-matrix-water',
			method: 'PATCH',
			json: { dealsWith: 'Water mains' }
		}),
		expect: adminOnly(200)
	},
	'GET /api/insights': { call: () => ({ path: '/api/insights' }), expect: signedIn(200) },
	'GET /api/insights/hotspots': {
		call: () => ({ path: '/api/insights/hotspots' }),
		expect: signedIn(200)
	},
	'GET /api/exports/referrals.csv': {
		call: () => ({ path: '/api/exports/referrals.csv' }),
		expect: signedIn(200)
	},
	'GET /api/crm/status': { call: () => ({ path: '/api/crm/status' }), expect: signedIn(200) },
	'GET /api/admin/crm/outbox': {
		call: () => ({ path: '/api/admin/crm/outbox' }),
		expect: adminOnly(200)
	},
	'POST /api/admin/crm/retry': {
		call: () => ({ path: '/api/admin/crm/retry', method: 'POST', json: {} }),
		expect: adminOnly(200)
	},
	'POST /api/admin/crm/link': {
		call: (t) => ({
			path: '/api/admin/crm/link',
			method: 'POST',
			json: { referralId: t.referralId, serviceRequestId: 'X1' }
		}),
		// Allowed for admin, but with no CRM the referral waits for nothing.
		expect: adminOnly(404)
	},
	'POST /api/admin/crm/stop': {
		call: (t) => ({
			path: '/api/admin/crm/stop',
			method: 'POST',
			json: { referralId: t.referralId }
		}),
		expect: adminOnly(404)
	},
	'GET /api/admin/crm/status-map': {
		call: () => ({ path: '/api/admin/crm/status-map' }),
		expect: adminOnly(200)
	},
	'PUT /api/admin/crm/status-map': {
		call: () => ({
			path: '/api/admin/crm/status-map',
			method: 'PUT',
			json: { crmStatus: 'open', action: 'none' }
		}),
		expect: adminOnly(200)
	},
	'GET /api/admin/crm/feed': {
		call: () => ({ path: '/api/admin/crm/feed' }),
		expect: adminOnly(200)
	},
	'PUT /api/admin/crm/feed': {
		call: () => ({
			path: '/api/admin/crm/feed',
			method: 'PUT',
			json: { enabled: true, publishDescriptions: false, neverPublicCategoryIds: [] }
		}),
		expect: adminOnly(200)
	},
	// The CRM's photo links: the signature is the key, a session opens nothing.
	'GET /api/crm-media/:id': {
		call: () => ({ path: `/api/crm-media/${randomUUID()}?exp=9999999999&sig=forged` }),
		expect: everyone(403)
	},
	'GET /api/admin/wards': { call: () => ({ path: '/api/admin/wards' }), expect: adminOnly(200) },
	'POST /api/admin/wards': {
		call: () => ({ path: '/api/admin/wards', method: 'POST', json: { name: 'Matrix Ward' } }),
		expect: adminOnly(201)
	},
	'PATCH /api/admin/wards/:id': {
		call: () => ({ path: '/api/admin/wards/ward-belah', method: 'PATCH', json: { name: 'Belah' } }),
		expect: adminOnly(200)
	},
	'GET /api/admin/units': { call: () => ({ path: '/api/admin/units' }), expect: adminOnly(200) },
	'POST /api/admin/units': {
		call: () => ({
			path: '/api/admin/units',
			method: 'POST',
			json: { name: 'Matrix Unit', targetDays: 5 }
		}),
		expect: adminOnly(201)
	},
	'PATCH /api/admin/units/:id': {
		call: () => ({
			path: '/api/admin/units/unit-parks',
			method: 'PATCH',
			json: { targetDays: 12 }
		}),
		expect: adminOnly(200)
	},
	'GET /api/admin/categories': {
		call: () => ({ path: '/api/admin/categories' }),
		expect: adminOnly(200)
	},
	'POST /api/admin/categories': {
		call: () => ({
			path: '/api/admin/categories',
			method: 'POST',
			json: { name: 'Matrix Category', unitId: 'unit-parks' }
		}),
		expect: adminOnly(201)
	},
	'PATCH /api/admin/categories/:id': {
		call: () => ({
			path: '/api/admin/categories/cat-graffiti',
			method: 'PATCH',
			json: { crmServiceCode: 'GRAF' }
		}),
		expect: adminOnly(200)
	},
	'GET /api/admin/users': { call: () => ({ path: '/api/admin/users' }), expect: adminOnly(200) },
	'GET /api/admin/users/:id': {
		call: () => ({ path: '/api/admin/users/user-cllr-brown' }),
		expect: adminOnly(200)
	},
	'POST /api/admin/users': {
		call: () => ({
			path: '/api/admin/users',
			method: 'POST',
			json: {
				username: `matrix.${randomUUID().slice(0, 8)}`,
				displayName: 'Matrix Officer',
				role: 'officer',
				unitId: 'unit-parks',
				password: 'a long enough password'
			}
		}),
		expect: adminOnly(201)
	},
	'PATCH /api/admin/users/:id': {
		call: () => ({
			path: '/api/admin/users/user-cllr-brown',
			method: 'PATCH',
			json: { displayName: 'Cllr Tom Brown' }
		}),
		expect: adminOnly(200)
	},
	'PUT /api/admin/users/:id/supports': {
		call: () => ({
			path: '/api/admin/users/user-support-jones/supports',
			method: 'PUT',
			json: { memberIds: ['user-cllr-ahmed', 'user-cllr-brown'] }
		}),
		expect: adminOnly(200)
	},
	'POST /api/admin/users/:id/revoke-sessions': {
		call: () => ({
			path: '/api/admin/users/user-cllr-brown/revoke-sessions',
			method: 'POST',
			json: {}
		}),
		expect: adminOnly(200)
	},
	'GET /api/admin/sessions': {
		call: () => ({ path: '/api/admin/sessions' }),
		expect: adminOnly(200)
	},
	'POST /api/admin/sessions/:id/revoke': {
		call: (t) => ({ path: `/api/admin/sessions/${t.sessionId}/revoke`, method: 'POST', json: {} }),
		expect: adminOnly(200)
	},
	'GET /api/admin/sign-in-attempts': {
		call: () => ({ path: '/api/admin/sign-in-attempts' }),
		expect: adminOnly(200)
	},
	'DELETE /api/admin/sign-in-attempts': {
		call: () => ({ path: '/api/admin/sign-in-attempts?username=cllr.brown', method: 'DELETE' }),
		expect: adminOnly(200)
	},
	'GET /api/admin/storage': {
		call: () => ({ path: '/api/admin/storage' }),
		expect: adminOnly(200)
	},
	'GET /api/admin/audit': { call: () => ({ path: '/api/admin/audit' }), expect: adminOnly(200) },
	'GET /api/admin/retention': {
		call: () => ({ path: '/api/admin/retention?dryRun=1' }),
		expect: adminOnly(200)
	},
	'POST /api/admin/retention/run': {
		call: () => ({ path: '/api/admin/retention/run', method: 'POST', json: {} }),
		expect: adminOnly(200)
	},
	'GET /api/admin/subject-access': {
		call: () => ({ path: '/api/admin/subject-access?q=Mary%20Smith' }),
		expect: adminOnly(200)
	},
	'POST /api/admin/subject-access/erase': {
		call: () => ({
			path: '/api/admin/subject-access/erase',
			method: 'POST',
			json: { residentKey: '0'.repeat(64) }
		}),
		// Allowed for admin, but the key names nobody.
		expect: adminOnly(404)
	},
	'GET /open311/v2/discovery.json': {
		call: () => ({ path: '/open311/v2/discovery.json' }),
		expect: everyone(200)
	},
	'GET /open311/v2/services.json': {
		call: () => ({ path: '/open311/v2/services.json' }),
		expect: everyone(200)
	},
	'GET /open311/v2/requests.json': {
		call: () => ({ path: '/open311/v2/requests.json' }),
		expect: everyone(200)
	},
	'GET /open311/v2/discovery.xml': {
		call: () => ({ path: '/open311/v2/discovery.xml' }),
		expect: everyone(200)
	},
	'GET /open311/v2/services.xml': {
		call: () => ({ path: '/open311/v2/services.xml' }),
		expect: everyone(200)
	},
	'GET /open311/v2/requests.xml': {
		call: () => ({ path: '/open311/v2/requests.xml' }),
		expect: everyone(200)
	},
	'GET /open311/v2/services/:file': {
		call: () => ({ path: '/open311/v2/services/HW-POT.json' }),
		expect: everyone(200)
	},
	'GET /api/admin/geography': {
		call: () => ({ path: '/api/admin/geography' }),
		expect: adminOnly(200)
	},
	'POST /api/admin/geography/wards': {
		call: () => ({
			path: '/api/admin/geography/wards?check=1',
			method: 'POST',
			body: JSON.stringify(demoGeography().boundaries),
			type: 'application/geo+json'
		}),
		expect: adminOnly(200)
	},
	'POST /api/admin/geography/postcodes': {
		call: () => ({
			path: '/api/admin/geography/postcodes?check=1',
			method: 'POST',
			body: 'postcode,latitude,longitude,ward_code\nCA1 1AA,54.9,-2.95,E05999001\n',
			type: 'text/csv'
		}),
		expect: adminOnly(200)
	},
	'GET /api/geography': { call: () => ({ path: '/api/geography' }), expect: signedIn(200) },
	'GET /api/geography/boundaries': {
		call: () => ({ path: '/api/geography/boundaries' }),
		expect: signedIn(200)
	},
	'GET /api/geography/postcodes': {
		call: () => ({ path: '/api/geography/postcodes' }),
		expect: signedIn(200)
	},
	'GET /api/possible-duplicates': {
		call: () => ({ path: '/api/possible-duplicates?categoryId=cat-pothole&address=Warwick+Road' }),
		expect: signedIn(200)
	},
	'GET /api/possible-duplicates/:referralId': {
		call: (t) => ({ path: `/api/possible-duplicates/${t.referralId}` }),
		expect: canSee(200)
	},
	'GET /open311/v2/requests/:file': {
		call: (t) => ({ path: `/open311/v2/requests/${t.reference}.json` }),
		expect: everyone(200)
	}
};

/** A fresh server where every role is signed in and the Member has a referral with a photo. */
async function setUp() {
	// E-mail on (with no worker), so that forwarding can be queued.
	const server = createTestServer({ mail: { enabled: true, publicUrl: 'http://localhost' } });
	const admin = await server.login('admin');
	const body = await server.request('/api/admin/outside-bodies', {
		method: 'POST',
		cookie: admin,
		json: { name: 'Matrix Water', email: 'referrals@water.example' }
	});
	expect(body.status).toBe(201);
	const created = await server.request('/api/admin/users', {
		method: 'POST',
		cookie: admin,
		json: {
			username: 'officer.parks',
			displayName: 'Pat Parks',
			role: 'officer',
			unitId: 'unit-parks',
			password: 'wardline-demo'
		}
	});
	expect(created.status).toBe(201);
	const cookies = { anonymous: '' } as Record<Role, string>;
	for (const role of roles)
		if (role !== 'anonymous') cookies[role] = await server.login(usernames[role]);
	return { server, cookies };
}

async function freshTarget(
	server: ReturnType<typeof createTestServer>,
	cookies: Record<Role, string>
): Promise<Target> {
	const photoId = randomUUID();
	const upload = await server.request(`/api/attachments/${photoId}`, {
		method: 'PUT',
		cookie: cookies.member,
		body: photoBytes,
		headers: { 'content-type': 'image/jpeg' }
	});
	expect(upload.status).toBe(200);
	const create = createMutation({ payload: createPayload({ photoIds: [photoId] }) });
	const pushed = (await (await server.push(cookies.member, [create])).json()) as {
		results: { status: string; referral?: { reference: string } }[];
	};
	expect(pushed.results[0].status).toBe('applied');
	const sessions = (await (
		await server.request('/api/admin/sessions?userId=user-cllr-brown', { cookie: cookies.admin })
	).json()) as { sessions: { id: string }[] };
	const forwarded = await server.request(`/api/referrals/${create.referralId}/forwards`, {
		method: 'POST',
		cookie: cookies.officer,
		json: { outsideBodyId: 'body-matrix-water' }
	});
	expect(forwarded.status).toBe(201);
	return {
		referralId: create.referralId,
		reference: pushed.results[0].referral?.reference ?? '',
		photoId,
		sessionId: sessions.sessions[0]?.id ?? 'no-session',
		forwardId: ((await forwarded.json()) as { id: string }).id
	};
}

describe('access matrix', () => {
	it('every route of the app has a row in the matrix', () => {
		const server = createTestServer();
		const routes = new Set(
			server.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`)
		);
		server.close();
		expect([...routes].filter((route) => !(route in matrix))).toEqual([]);
		expect(Object.keys(matrix).filter((route) => !routes.has(route))).toEqual([]);
	});

	it('every role gets exactly the status code it should on every route', async () => {
		const mismatches: string[] = [];
		for (const [route, row] of Object.entries(matrix)) {
			// A fresh server per route: what one call changes (a status, a session) cannot leak.
			const { server, cookies } = await setUp();
			try {
				for (const role of roles) {
					const target = await freshTarget(server, cookies);
					const call = row.call(target);
					const res = await server.request(call.path, {
						method: call.method ?? 'GET',
						cookie: cookies[role] || undefined,
						json: call.json,
						body: call.body,
						headers: call.type ? { 'content-type': call.type } : undefined
					});
					// A live line stays open until the client goes: go.
					if (res.headers.get('content-type')?.startsWith('text/event-stream'))
						await res.body?.cancel();
					if (res.status !== row.expect[role])
						mismatches.push(`${route} as ${role}: ${res.status}, expected ${row.expect[role]}`);
					// Personal data never stays in the browser's HTTP cache: every API answer, errors too.
					if (call.path.startsWith('/api/') && res.headers.get('cache-control') !== 'no-store')
						mismatches.push(
							`${route} as ${role}: Cache-Control ${res.headers.get('cache-control')}`
						);
					// Sign-in and sign-out replace the caller's session: sign in again for the next call.
					if (role !== 'anonymous' && route.startsWith('POST /api/auth/'))
						cookies[role] = await server.login(usernames[role]);
				}
			} finally {
				server.close();
			}
		}
		expect(mismatches).toEqual([]);
	}, 240_000);
});
