// GET /api/live: "pull now" reaches the connections whose user may see the changed referral and
// no one else; sign-out and a revoked session close the line; one user holds only a few.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMutation, createTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeEach(() => {
	server = createTestServer();
});
afterEach(() => {
	server.live.stop();
	server.close();
});

interface Line {
	status: number;
	events: { event: string; data: string }[];
	ended: boolean;
	cancel(): Promise<void>;
}

/** Opens /api/live and keeps reading its events in the background. */
async function openLive(cookie: string): Promise<Line> {
	const res = await server.request('/api/live', { cookie });
	const line: Line = {
		status: res.status,
		events: [],
		ended: false,
		cancel: async () => {
			await reader?.cancel();
		}
	};
	const reader = res.status === 200 ? res.body?.getReader() : undefined;
	if (!reader) return line;
	const decoder = new TextDecoder();
	let buffer = '';
	void (async () => {
		for (;;) {
			const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
			if (done) break;
			buffer += decoder.decode(value, { stream: true });
			let end;
			while ((end = buffer.indexOf('\n\n')) >= 0) {
				const block = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
				const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
				line.events.push({ event, data });
			}
		}
		line.ended = true;
	})();
	return line;
}

const settle = () => new Promise((r) => setTimeout(r, 30));
const named = (line: Line, event: string) => line.events.filter((e) => e.event === event);

describe('live changes', () => {
	it('tells who may see a changed referral to pull, and no one else', async () => {
		const member = await server.login('cllr.ahmed');
		const create = createMutation();
		await server.push(member, [create]);
		const lines = {
			member: await openLive(member),
			support: await openLive(await server.login('support.jones')),
			officer: await openLive(await server.login('officer.highways')),
			otherMember: await openLive(await server.login('cllr.brown'))
		};
		await settle();
		for (const line of Object.values(lines)) {
			expect(line.status).toBe(200);
			expect(named(line, 'ready')).toHaveLength(1);
		}
		expect(server.live.check()).toBe(0);

		const res = await server.request(`/api/referrals/${create.referralId}/responses`, {
			method: 'POST',
			cookie: await server.login('officer.highways'),
			json: { text: 'Mended.' }
		});
		expect(res.status).toBe(200);
		expect(server.live.check()).toBe(3);
		await settle();
		expect(named(lines.member, 'change')).toHaveLength(1);
		expect(named(lines.support, 'change')).toHaveLength(1);
		expect(named(lines.officer, 'change')).toHaveLength(1);
		expect(named(lines.otherMember, 'change')).toHaveLength(0);
		// The event is a change number, nothing about the referral.
		expect(named(lines.member, 'change')[0].data).toMatch(/^\d+$/);
		// Nothing new: nobody is told again.
		expect(server.live.check()).toBe(0);
		for (const line of Object.values(lines)) await line.cancel();
	});

	it('needs a session', async () => {
		expect((await openLive('')).status).toBe(401);
	});

	it('ends the line at sign-out, and at the heartbeat after a session is revoked', async () => {
		const member = await server.login('cllr.ahmed');
		const line = await openLive(member);
		const brown = await server.login('cllr.brown');
		const other = await openLive(brown);
		await settle();
		await server.request('/api/auth/logout', { method: 'POST', cookie: member, json: {} });
		await settle();
		expect(line.ended).toBe(true);
		expect(other.ended).toBe(false);

		const admin = await server.login('admin');
		await server.request('/api/admin/users/user-cllr-brown/revoke-sessions', {
			method: 'POST',
			cookie: admin,
			json: {}
		});
		const kept = await openLive(admin);
		await settle();
		server.live.heartbeat();
		await settle();
		expect(other.ended).toBe(true);
		expect(named(kept, 'ping')).toHaveLength(1);
		await kept.cancel();
	});

	it('holds at most four lines per user, closing the oldest', async () => {
		const member = await server.login('cllr.ahmed');
		const lines: Line[] = [];
		for (let i = 0; i < 5; i++) lines.push(await openLive(member));
		await settle();
		expect(lines[0].ended).toBe(true);
		expect(lines.slice(1).every((l) => !l.ended)).toBe(true);
		expect(server.live.connectionsOf('user-cllr-ahmed')).toBe(4);
		for (const line of lines) await line.cancel();
		await settle();
		expect(server.live.size).toBe(0);
	});
});
