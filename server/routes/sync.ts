// The tablet's sync endpoints (/api/sync): push mutations up, pull changed referrals down, and
// list which referrals the user may still see (so a tablet drops the copies it no longer may keep).
import { Hono } from 'hono';
import { z } from 'zod';
import { maxPullLimit, PushRequest, type PushResponse } from '#domain/sync-protocol';
import { describeError } from '#domain/validation';
import type { AppDeps, AppEnv } from '../context.ts';
import { badRequest } from '../http/errors.ts';
import { readJson } from '../http/json-body.ts';
import { requireSession } from '../http/session-middleware.ts';
import { audit } from '../referrals/audit.ts';
import { pullChanges } from '../sync/pull.ts';
import { pushMutations } from '../sync/push.ts';
import { visibleReferralIds } from '../sync/visible.ts';

const whole = (name: string) =>
	z
		.string()
		.regex(/^\d+$/, { error: `${name} must be a whole number` })
		.transform(Number)
		.pipe(
			z
				.number()
				.int()
				.safe({ error: `${name} is too large` })
		);

const PullQuery = z.strictObject({
	since: whole('since').optional().default(0),
	/** The epoch the cursor was given in (absent from older tablets). */
	epoch: z.string().min(1).max(100).optional(),
	limit: whole('limit')
		.pipe(
			z
				.number()
				.min(1, { error: 'limit must be at least 1' })
				.max(maxPullLimit, { error: `limit must be at most ${maxPullLimit}` })
		)
		.optional()
		.default(200)
});

export function syncRoutes(deps: AppDeps) {
	return new Hono<AppEnv>()
		.use(requireSession(deps))
		.post('/push', async (c) => {
			// Each mutation's text is checked by its payload schema: a bad one is rejected alone.
			const body = await readJson(c, PushRequest, { textCheckedBySchema: true });
			const results = pushMutations(deps, c.get('user'), body.deviceId, body.mutations);
			return c.json({ results } satisfies PushResponse, 200);
		})
		.get('/pull', async (c) => {
			const query = PullQuery.safeParse(c.req.query());
			if (!query.success) throw badRequest(describeError(query.error));
			const { since, epoch, limit } = query.data;
			const user = c.get('user');
			if (!deps.readers) return c.json(pullChanges(deps, user, { since, epoch }, limit), 200);
			// Read and built on a reader thread; the audit is written here before anything is sent.
			const { json, referralIds } = await deps.readers.run({
				kind: 'pull',
				user,
				cursor: { since, epoch },
				limit
			});
			audit(deps, user, 'pull', referralIds);
			return c.body(json, 200, { 'Content-Type': 'application/json' });
		})
		.get('/visible', (c) => c.json(visibleReferralIds(deps, c.get('user')), 200));
}
