// GET /api/admin/audit: who read or changed which referral, and when; newest first, a page at a
// time. The entries hold references and ids, never a resident's details, so reading them is not audited.
import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditSentence } from '#domain/audit-words';
import { describeError } from '#domain/validation';
import type { AppDeps } from '../context.ts';
import { auditLog, referrals, users } from '../db/schema.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { actorName } from '../privacy/subject-access.ts';
import { adminRouter } from './admin-common.ts';

export const maxAuditPage = 500;

const whole = (name: string, max: number) =>
	z
		.string()
		.regex(/^\d{1,15}$/, { error: `${name} must be a whole number` })
		.transform(Number)
		.pipe(
			z
				.number()
				.min(1, { error: `${name} must be at least 1` })
				.max(max, { error: `${name} must be at most ${max}` })
		);

// A day (2026-03-02, the whole day) or an exact instant (2026-03-02T09:00:00Z).
const moment = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
	error: 'Give a date like 2026-03-02, or a date and time like 2026-03-02T09:00:00Z'
});

const id = z.string().trim().min(1, { error: 'Leave it out rather than empty' }).max(100);

const isDay = (value: string) => value.length === 10;
function start(value: string): string {
	return new Date(isDay(value) ? `${value}T00:00:00.000Z` : value).toISOString();
}
/** The last instant included: a day runs to its end. */
function end(value: string): string {
	const at = new Date(isDay(value) ? `${value}T00:00:00.000Z` : value);
	return new Date(at.getTime() + (isDay(value) ? 86_400_000 - 1 : 0)).toISOString();
}

export const AuditQuery = z
	.strictObject({
		referralId: id.optional(),
		reference: id.optional(),
		userId: id.optional(),
		from: moment.optional(),
		to: moment.optional(),
		limit: whole('limit', maxAuditPage).optional().default(100),
		cursor: whole('cursor', Number.MAX_SAFE_INTEGER).optional()
	})
	.refine((q) => !(q.from && q.to && start(q.from) > end(q.to)), {
		error: 'The start must be on or before the end',
		path: ['from']
	});

/** Mounted at /api/admin/audit. */
export function adminAuditRoutes(deps: AppDeps) {
	return adminRouter(deps).get('/', (c) => {
		const parsed = AuditQuery.safeParse(c.req.query());
		if (!parsed.success) throw badRequest(describeError(parsed.error));
		const q = parsed.data;
		let referralId = q.referralId;
		if (q.reference) {
			const found = deps.db
				.select({ id: referrals.id })
				.from(referrals)
				.where(eq(referrals.reference, q.reference.toUpperCase()))
				.get();
			if (!found) throw notFound(`There is no referral ${q.reference}. Check the reference.`);
			if (referralId && referralId !== found.id) return c.json({ entries: [], nextCursor: null });
			referralId = found.id;
		}
		const conditions: (SQL | undefined)[] = [
			referralId ? eq(auditLog.referralId, referralId) : undefined,
			q.userId ? eq(auditLog.userId, q.userId) : undefined,
			q.from ? gte(auditLog.at, start(q.from)) : undefined,
			q.to ? lte(auditLog.at, end(q.to)) : undefined,
			// Keyset paging on the row id: stable while new entries keep arriving at the top.
			q.cursor ? lt(auditLog.id, q.cursor) : undefined
		];
		const rows = deps.db
			.select({
				id: auditLog.id,
				at: auditLog.at,
				userId: auditLog.userId,
				userName: users.displayName,
				action: auditLog.action,
				referralId: auditLog.referralId,
				reference: referrals.reference,
				detail: auditLog.detail
			})
			.from(auditLog)
			.leftJoin(users, eq(users.id, auditLog.userId))
			.leftJoin(referrals, eq(referrals.id, auditLog.referralId))
			.where(and(...conditions))
			.orderBy(desc(auditLog.id))
			.limit(q.limit + 1)
			.all();
		const more = rows.length > q.limit;
		const page = more ? rows.slice(0, q.limit) : rows;
		const entries = page.map((row) => ({
			...row,
			userName: actorName(row.userId, row.userName),
			description: auditSentence(row.action, row.detail)
		}));
		const nextCursor = more ? String(page[page.length - 1].id) : null;
		c.header('Cache-Control', 'no-store');
		return c.json({ entries, nextCursor }, 200);
	});
}
