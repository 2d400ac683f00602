// What admins see of the sign-in throttle and what they may do with it: the recent failures by
// account and address, and clearing them (audited) so someone slowed down may try again at once.
import type { AdminSignInAttempts } from '#domain/admin';
import { recordAdminAction } from '../audit/admin-actions.ts';
import type { AppDeps, SessionUser } from '../context.ts';

export type ReviewDeps = Pick<AppDeps, 'db' | 'sqlite' | 'clock' | 'config' | 'signIns'>;

export function reviewSignInAttempts(deps: ReviewDeps): AdminSignInAttempts {
	const { freeFailures, maxDelaySeconds, addressSoftLimit, accountSoftLimit } =
		deps.config.signInThrottle;
	return {
		attempts: deps.signIns.attempts(),
		addresses: deps.signIns.addresses(),
		rules: { freeFailures, maxDelaySeconds, addressSoftLimit, accountSoftLimit }
	};
}

/** Clears an account's, an address's, or one pair's attempts; returns how many pairs had some. */
export function clearSignInAttempts(
	deps: ReviewDeps,
	admin: SessionUser,
	filter: { username?: string; address?: string }
): number {
	return deps.sqlite.transaction(() => {
		const cleared = deps.signIns.clear(filter);
		recordAdminAction(deps, admin, 'sign-in-attempts.clear', { ...filter, cleared });
		return cleared;
	})();
}
