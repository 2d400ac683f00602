// Admin: recent failed sign-ins by account and address (/api/admin/sign-in-attempts), and
// clearing them (server/auth/sign-in-review.ts holds the rules).
import { z } from 'zod';
import { describeError } from '#domain/validation';
import { clearSignInAttempts, reviewSignInAttempts } from '../auth/sign-in-review.ts';
import type { AppDeps } from '../context.ts';
import { badRequest } from '../http/errors.ts';
import { adminRouter } from './admin-common.ts';

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
		.get('/', (c) => c.json(reviewSignInAttempts(deps), 200))
		.delete('/', (c) => {
			const parsed = ClearQuery.safeParse(c.req.query());
			if (!parsed.success) throw badRequest(describeError(parsed.error));
			return c.json({ cleared: clearSignInAttempts(deps, c.get('user'), parsed.data) }, 200);
		});
}
