// Generated history must read back like any referral: tablets parse what they pull strictly.
import { describe, expect, it } from 'vitest';
import { PullResponse } from '#domain/sync-protocol';
import { createTestServer } from '../testing/test-server.ts';
import { seedDemoHistory } from './demo-history.ts';

describe('inserting generated referrals', () => {
	it('stores them so that a Member pulls them in the shape the tablet accepts', async () => {
		const server = createTestServer();
		try {
			seedDemoHistory(server.db, server.clock.read(), ['user-cllr-ahmed', 'user-cllr-brown']);
			const cookie = await server.login('cllr.ahmed');
			const body = PullResponse.parse(await (await server.pull(cookie, 0, 50)).json());
			expect(body.referrals.length).toBe(50);
			expect(body.referrals.every((r) => Array.isArray(r.photoIds))).toBe(true);
		} finally {
			server.close();
		}
	});
});
