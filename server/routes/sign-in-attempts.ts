// Admin: recent failed sign-ins by account and address (/api/admin/sign-in-attempts), and
// clearing them so someone slowed down may try again at once. The throttle is server/auth's.
import { z } from 'zod';
import type { AdminSignInAttempts } from '#domain/admin';
import { describeError } from '#domain/validation';
import type { AppDeps } from '../context.ts';
import { badRequest } from '../http/errors.ts';
import { adminRouter, recordAdminAction } from './admin-common.ts';

const ClearQuery = z
	.strictObject({
		username: z.string().trim().toLowerCase().min(1).max(100).optional(),
		address: z.string().trim().min(1).max(100).optional()
	})
	.refine((q) => q.username !== undefined || q.address !== undefined, {
		error: 'Say which username or address to clear (?username= or ?address=, or both)'
	});

/** Mounted at /api/admin/sign-in-attempts. */
export function signInAttemptRoutes(deps: AppDeps) {
	return adminRouter(deps)
		.get('/', (c) => {
			const { freeFailures, maxDelaySeconds, addressSoftLimit, accountSoftLimit } =
				deps.config.signInThrottle;
			const body: AdminSignInAttempts = {
				attempts: deps.signIns.attempts(),
				addresses: deps.signIns.addresses(),
				rules: { freeFailures, maxDelaySeconds, addressSoftLimit, accountSoftLimit }
			};
			return c.json(body, 200);
		})
		.delete('/', (c) => {
			const parsed = ClearQuery.safeParse(c.req.query());
			if (!parsed.success) throw badRequest(describeError(parsed.error));
			const cleared = deps.sqlite.transaction(() => {
				const n = deps.signIns.clear(parsed.data);
				recordAdminAction(deps, c.get('user'), 'sign-in-attempts.clear', {
					...parsed.data,
					cleared: n
				});
				return n;
			})();
			return c.json({ cleared }, 200);
		});
}
