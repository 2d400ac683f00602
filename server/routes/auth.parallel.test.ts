// Guesses sent all at once must not outrun the sign-in count: the attempt is counted before the
// slow password check, so 100 parallel guesses get as many real checks as the limit allows.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSignInThrottle } from '../auth/sign-in-throttle.ts';
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

const from = (address: string, username: string, password: string, app = server.app) =>
	server.signInFrom(address, username, password, app);

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
		server.close();
		server = createTestServer({
			config: { signInThrottle: { ...defaultSignInThrottle, addressSoftLimit: 20 } }
		});
		const answers = await Promise.all(
			Array.from({ length: 100 }, (_, i) => from('203.0.113.9', `guess${i}`, 'wrong'))
		);
		// 20 failures reach the soft limit; then one check per pace interval (here: one more).
		expect(checks.count).toBe(21);
		expect(answers.filter((res) => res.status === 429)).toHaveLength(79);
	});
});
