// Guesses sent all at once must not outrun the sign-in count: the attempt is counted before the
// slow password check, so 100 parallel guesses get as many real checks as the limit allows.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestServer, type TestServer } from '../testing/test-server.ts';

const checks = vi.hoisted(() => ({ count: 0 }));
vi.mock('../auth/passwords.ts', async (importOriginal) => {
	const real = await importOriginal<typeof import('../auth/passwords.ts')>();
	return {
		...real,
		verifyPassword: (password: string, stored: string) => {
			checks.count += 1;
			return real.verifyPassword(password, stored);
		}
	};
});

let server: TestServer;
beforeEach(() => {
	server = createTestServer();
	checks.count = 0;
});
afterEach(() => server.close());

const from = (address: string, username: string, password: string) =>
	server.app.request(
		'http://localhost/api/auth/login',
		{
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username, password })
		},
		{ incoming: { socket: { remoteAddress: address } } }
	);

describe('parallel sign-ins', () => {
	it('100 guesses at once for one account, the right one last: 5 password checks, the rest 429', async () => {
		const answers = await Promise.all(
			Array.from({ length: 100 }, (_, i) =>
				from('203.0.113.9', 'cllr.ahmed', i === 99 ? 'wardline-demo' : `guess-${i}`)
			)
		);
		const statuses = answers.map((res) => res.status);
		expect(checks.count).toBe(5);
		expect(statuses.filter((s) => s === 401)).toHaveLength(5);
		expect(statuses.filter((s) => s === 429)).toHaveLength(95);
		expect(statuses[99]).toBe(429);
	});

	it('guesses at once across many usernames from one address are paced past the soft limit', async () => {
		const answers = await Promise.all(
			Array.from({ length: 300 }, (_, i) => from('203.0.113.9', `guess${i}`, 'wrong'))
		);
		// 100 failures reach the soft limit; then one check per pace interval (here: one more).
		expect(checks.count).toBe(101);
		expect(answers.filter((res) => res.status === 429)).toHaveLength(199);
	});
});
