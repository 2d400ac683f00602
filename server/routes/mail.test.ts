// /api/mail/preferences: each person sees the kinds of e-mail their role gets, and can change
// each to one of its choices; anything else is refused with a reason and changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeEach(() => {
	server = createTestServer();
});
afterEach(() => server.close());

async function preferences(cookie: string) {
	const res = await server.request('/api/mail/preferences', { cookie });
	expect(res.status).toBe(200);
	return (await res.json()) as {
		mailEnabled: boolean;
		email: string | null;
		choices: { kind: string; mode: string; modes: string[] }[];
	};
}

describe('e-mail choices', () => {
	it('lists the kinds a role gets, each at its default until chosen', async () => {
		const officer = await preferences(await server.login('officer.highways'));
		expect(officer).toMatchObject({ mailEnabled: false, email: null });
		expect(officer.choices.map((c) => [c.kind, c.mode, c.modes.join('|')])).toEqual([
			['routed', 'immediate', 'immediate|digest|off'],
			['overdue', 'on', 'on|off']
		]);
		const admin = await preferences(await server.login('admin'));
		expect(admin.choices.map((c) => c.kind)).toEqual(['crmDown', 'backupFailed']);
	});

	it('keeps a choice, and refuses a choice the kind does not offer or a kind of another role', async () => {
		const member = await server.login('cllr.ahmed');
		const put = (json: unknown) =>
			server.request('/api/mail/preferences', { method: 'PUT', cookie: member, json });
		expect((await put({ answered: 'digest' })).status).toBe(200);
		const wrongMode = await put({ answered: 'on' });
		expect(wrongMode.status).toBe(400);
		expect(((await wrongMode.json()) as { message: string }).message).toContain(
			'answered: Choose one of immediate, digest, off'
		);
		const wrongKind = await put({ answered: 'off', overdue: 'off' });
		expect(wrongKind.status).toBe(400);
		expect((await put({})).status).toBe(400);
		expect((await put({ nonsense: 'off' })).status).toBe(400);
		// Refused requests changed nothing: still the digest.
		expect((await preferences(member)).choices).toMatchObject([
			{ kind: 'answered', mode: 'digest' }
		]);
	});
});
