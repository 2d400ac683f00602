// /api/read-marks: which answers this person has read, so "new answer" follows the person across
// their tablets (issue 13). GET gives every mark on referrals they may still see; PUT adds marks
// (a mark never moves back to an older answer) and answers with the same list as GET.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { PutReadMarks, type ReadMarksResponse } from '#domain/read-marks';
import type { AppDeps, AppEnv, SessionUser } from '../context.ts';
import { readMarks, referrals } from '../db/schema.ts';
import { readJson } from '../http/json-body.ts';
import { requireSession } from '../http/session-middleware.ts';
import { visibleTo } from '../referrals/access.ts';

function marksOf(deps: AppDeps, user: SessionUser): ReadMarksResponse {
	const marks = deps.db
		.select({ referralId: readMarks.referralId, respondedAt: readMarks.respondedAt })
		.from(readMarks)
		.innerJoin(referrals, eq(referrals.id, readMarks.referralId))
		.where(and(eq(readMarks.userId, user.id), visibleTo(deps.db, user)))
		.all();
	return { marks };
}

export function readMarkRoutes(deps: AppDeps) {
	return new Hono<AppEnv>()
		.use(requireSession(deps))
		.get('/', (c) => {
			c.header('Cache-Control', 'no-store');
			return c.json(marksOf(deps, c.get('user')), 200);
		})
		.put('/', async (c) => {
			const body = await readJson(c, PutReadMarks);
			const user = c.get('user');
			const markedAt = deps.clock().toISOString();
			deps.sqlite.transaction(() => {
				// Marks on referrals this person may not see are ignored, not stored.
				const ids = [...new Set(body.marks.map((m) => m.referralId))];
				const visible = new Set<string>();
				for (let i = 0; i < ids.length; i += 500) {
					for (const row of deps.db
						.select({ id: referrals.id })
						.from(referrals)
						.where(and(inArray(referrals.id, ids.slice(i, i + 500)), visibleTo(deps.db, user)))
						.all())
						visible.add(row.id);
				}
				for (const mark of body.marks) {
					if (!visible.has(mark.referralId)) continue;
					deps.db
						.insert(readMarks)
						.values({ userId: user.id, ...mark, markedAt })
						.onConflictDoUpdate({
							target: [readMarks.userId, readMarks.referralId],
							set: {
								respondedAt: sql`max(${readMarks.respondedAt}, excluded.responded_at)`,
								markedAt
							},
							setWhere: sql`excluded.responded_at > ${readMarks.respondedAt}`
						})
						.run();
				}
			})();
			c.header('Cache-Control', 'no-store');
			return c.json(marksOf(deps, user), 200);
		});
}
