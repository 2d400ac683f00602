// GET /api/possible-duplicates?categoryId=&address=&postcode=&lat=&lng= (the capture form) and
// GET /api/possible-duplicates/:referralId (a referral's page): "possibly the same problem".
import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { describeError } from '#domain/validation';
import type { AppDeps, AppEnv } from '../context.ts';
import { referrals } from '../db/schema.ts';
import { possibleDuplicates } from '../geography/possible-duplicates.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { requireSession } from '../http/session-middleware.ts';
import { visibleTo } from '../referrals/access.ts';

const coordinate = (min: number, max: number) => z.coerce.number().min(min).max(max).optional();
const ProbeQuery = z
	.strictObject({
		categoryId: z.string().min(1, { error: 'Give the categoryId' }),
		address: z.string().trim().max(300).optional(),
		postcode: z.string().trim().max(10).optional(),
		lat: coordinate(-90, 90),
		lng: coordinate(-180, 180)
	})
	.refine((q) => (q.lat === undefined) === (q.lng === undefined), {
		error: 'Give both lat and lng, or neither'
	});

export function possibleDuplicateRoutes(deps: AppDeps) {
	return new Hono<AppEnv>()
		.use(requireSession(deps))
		.get('/', (c) => {
			const parsed = ProbeQuery.safeParse(c.req.query());
			if (!parsed.success) throw badRequest(describeError(parsed.error));
			const duplicates = possibleDuplicates(deps.db, c.get('user'), parsed.data, deps.clock());
			return c.json({ duplicates }, 200);
		})
		.get('/:referralId', (c) => {
			const user = c.get('user');
			const row = deps.db
				.select()
				.from(referrals)
				.where(and(eq(referrals.id, c.req.param('referralId')), visibleTo(deps.db, user)))
				.get();
			if (!row) throw notFound();
			const duplicates = possibleDuplicates(
				deps.db,
				user,
				{
					categoryId: row.categoryId,
					address: row.locationAddress,
					postcode: row.locationPostcode,
					lat: row.lat,
					lng: row.lng,
					excludeId: row.id
				},
				deps.clock()
			);
			return c.json({ duplicates }, 200);
		});
}
