import { describe, expect, it } from 'vitest';
import { LoginRateLimiter } from './rate-limit.ts';

describe('sign-in rate limit', () => {
	it('blocks an address after 20 failures across accounts, for 15 minutes', () => {
		let now = 0;
		const limiter = new LoginRateLimiter({ clock: () => new Date(now) });
		for (let i = 0; i < 20; i += 1) {
			expect(limiter.isBlocked(`user${i}`, '10.0.0.1')).toBe(false);
			limiter.recordFailure(`user${i}`, '10.0.0.1');
		}
		expect(limiter.isBlocked('someone-new', '10.0.0.1')).toBe(true);
		expect(limiter.isBlocked('someone-new', '10.0.0.2')).toBe(false);
		now += 15 * 60_000 + 1;
		expect(limiter.isBlocked('someone-new', '10.0.0.1')).toBe(false);
	});

	it('a successful sign-in clears the account’s failures', () => {
		const limiter = new LoginRateLimiter({ clock: () => new Date(0), perAccount: 2 });
		limiter.recordFailure('a', 'x');
		limiter.recordSuccess('a');
		limiter.recordFailure('a', 'y');
		expect(limiter.isBlocked('a', 'z')).toBe(false);
		limiter.recordFailure('a', 'y');
		expect(limiter.isBlocked('a', 'z')).toBe(true);
	});
});
