// Referral lists and details (/api/referrals) for every role, and the service team's status
// moves and responses. A referral the caller may not see is always a 404, never a 403.
import {
	and,
	asc,
	count,
	desc,
	eq,
	inArray,
	isNull,
	lt,
	or,
	sql,
	type AnyColumn,
	type SQL
} from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { Status, statuses } from '#domain/enums';
import { limits } from '#domain/referral';
import { isOpen } from '#domain/status-machine';
import { describeError } from '#domain/validation';
import type { AppDeps, AppEnv, SessionUser } from '../context.ts';
import { referrals } from '../db/schema.ts';
import { badRequest, forbidden, notFound } from '../http/errors.ts';
import { readJson } from '../http/json-body.ts';
import { unwrap } from '../http/outcome.ts';
import { requireSession } from '../http/session-middleware.ts';
import { actsForOwner, actsForUnit, visibleTo } from '../referrals/access.ts';
import { audit } from '../referrals/audit.ts';
import {
	assign,
	assignableOfficers,
	changeStatus,
	chase,
	markDuplicate,
	reassign,
	respond
} from '../referrals/service-team.ts';
import { toServerReferrals, type ReferralRow } from '../referrals/store.ts';

/** A list page: 50 rows unless asked, never more than 200; the answer always says the total. */
const defaultPageSize = 50;
const maxPageSize = 200;
export const listSorts = ['queue', 'newest', 'oldest', 'due'] as const;

const PositiveInt = (max: number, what: string) =>
	z
		.string()
		.regex(/^[1-9][0-9]{0,6}$/, { error: `${what} must be a whole number from 1` })
		.transform(Number)
		.refine((n) => n <= max, { error: `${what} must be at most ${max.toLocaleString('en-GB')}` });

const ListQuery = z.strictObject({
	page: PositiveInt(1_000_000, 'page').optional(),
	pageSize: PositiveInt(maxPageSize, 'pageSize').optional(),
	sort: z.enum(listSorts).optional(),
	status: z.optional(Status),
	unitId: z.string().min(1).optional(),
	wardId: z.string().min(1).optional(),
	categoryId: z.string().min(1).optional(),
	overdue: z.enum(['true', 'false', '1', '0']).optional(),
	q: z.string().trim().max(200).optional(),
	/** "me": the caller's own; "none": nobody's yet; else a user id (issue 13). */
	assigned: z.string().min(1, { error: 'assigned must be me, none or an officer’s id' }).optional()
});

const StatusBody = z.strictObject({
	status: Status,
	note: z
		.string()
		.trim()
		.max(limits.comment, { error: 'Keep the note under 5,000 characters' })
		.optional()
});

const ResponseBody = z.strictObject({
	text: z
		.string()
		.trim()
		.min(1, { error: 'Write the response before sending it' })
		.max(limits.comment, { error: 'Keep the response under 5,000 characters' })
});

const ReassignBody = z.strictObject({
	unitId: z.string().min(1, { error: 'Choose the team to pass it to' }),
	reason: z
		.string()
		.trim()
		.min(1, { error: 'Say why it belongs with the other team' })
		.max(limits.comment, { error: 'Keep the reason under 5,000 characters' })
});

const AssignBody = z.strictObject({
	assigneeId: z.union([z.string().min(1), z.null()], {
		error: 'Choose the officer, or nobody (null) to give it back to the team'
	})
});

const DuplicateBody = z.strictObject({
	mainId: z.string().min(1, { error: 'Choose the referral this one is the same problem as' })
});

const ChaseBody = z.strictObject({
	note: z
		.string()
		.trim()
		.max(limits.comment, { error: 'Keep the note under 5,000 characters' })
		.optional()
});

const openStatuses = statuses.filter(isOpen);

/** SQLite LIKE with the user's text taken literally. */
const contains = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
// SQLite's LIKE has no escape character unless told: without this, "50%" would match nothing.
const like = (column: AnyColumn, pattern: string) => sql`${column} like ${pattern} escape '\\'`;

const openList = sql.join(
	openStatuses.map((s) => sql`${s}`),
	sql`, `
);

/**
 * The order of a list page. "queue" (the default): open work first; among it urgent first, then
 * overdue, then the nearest due date; closed and answered ones after, newest first. The id last
 * so pages never overlap or skip a row when two referrals tie.
 */
function listOrder(sort: (typeof listSorts)[number], now: string): SQL[] {
	const isOpenRow = sql`${referrals.status} in (${openList})`;
	if (sort === 'newest') return [desc(referrals.createdAt), asc(referrals.id)];
	if (sort === 'oldest') return [asc(referrals.createdAt), asc(referrals.id)];
	if (sort === 'due')
		return [sql`${referrals.dueAt} asc nulls last`, desc(referrals.createdAt), asc(referrals.id)];
	return [
		sql`case when ${isOpenRow} then 0 else 1 end`,
		sql`case when ${isOpenRow} and ${referrals.urgency} = 'urgent' then 0 else 1 end`,
		sql`case when ${isOpenRow} and ${referrals.dueAt} < ${now} then 0 else 1 end`,
		sql`case when ${isOpenRow} then ${referrals.dueAt} end asc nulls last`,
		desc(referrals.createdAt),
		asc(referrals.id)
	];
}

/** Before paging, clients asked with filters alone; kept for them, now with the true total. */
const unpagedLimit = 500;

/**
 * The list as it was before paging (issue 13), for clients that send no `page`, `pageSize` or
 * `sort`: whole referrals with their timelines, newest first, at most 500, and `total` beside
 * them, so such a client can at least tell the list was cut.
 */
function unpagedList(deps: AppDeps, user: SessionUser, where: SQL | undefined) {
	const total = deps.db.select({ n: count() }).from(referrals).where(where).get()?.n ?? 0;
	const rows = deps.db
		.select()
		.from(referrals)
		.where(where)
		.orderBy(desc(referrals.createdAt), asc(referrals.id))
		.limit(unpagedLimit)
		.all();
	audit(
		deps,
		user,
		'list',
		rows.map((r) => r.id)
	);
	return { referrals: toServerReferrals(deps.db, rows), total };
}

/** The referral if this user may see it; otherwise 404, never 403 (it may not exist for them). */
export function visibleReferral(deps: AppDeps, user: SessionUser, id: string): ReferralRow {
	const row = deps.db
		.select()
		.from(referrals)
		.where(and(eq(referrals.id, id), visibleTo(deps.db, user)))
		.get();
	if (!row) throw notFound();
	return row;
}

function serviceTeamOnly(user: SessionUser, row: ReferralRow): void {
	if (!actsForUnit(user, row.unitId))
		throw forbidden('Only the service team for this referral can do that.');
}

export function referralRoutes(deps: AppDeps) {
	return new Hono<AppEnv>()
		.use(requireSession(deps))
		.get('/', (c) => {
			const parsed = ListQuery.safeParse(c.req.query());
			if (!parsed.success) throw badRequest(describeError(parsed.error));
			const query = parsed.data;
			const user = c.get('user');
			const conditions: (SQL | undefined)[] = [visibleTo(deps.db, user)];
			if (query.status) conditions.push(eq(referrals.status, query.status));
			if (query.unitId) conditions.push(eq(referrals.unitId, query.unitId));
			if (query.wardId) conditions.push(eq(referrals.wardId, query.wardId));
			if (query.categoryId) conditions.push(eq(referrals.categoryId, query.categoryId));
			if (query.overdue === 'true' || query.overdue === '1')
				conditions.push(
					lt(referrals.dueAt, deps.clock().toISOString()),
					inArray(referrals.status, openStatuses)
				);
			if (query.assigned === 'none') conditions.push(isNull(referrals.assigneeId));
			else if (query.assigned === 'me') conditions.push(eq(referrals.assigneeId, user.id));
			else if (query.assigned) conditions.push(eq(referrals.assigneeId, query.assigned));
			if (query.q) {
				const pattern = contains(query.q);
				conditions.push(
					or(
						like(referrals.reference, pattern),
						like(referrals.description, pattern),
						like(referrals.locationAddress, pattern),
						like(referrals.locationPostcode, pattern),
						like(referrals.residentName, pattern)
					)
				);
			}
			const where = and(...conditions);
			if (query.page === undefined && query.pageSize === undefined && query.sort === undefined)
				return c.json(unpagedList(deps, user, where), 200);
			const page = query.page ?? 1;
			const pageSize = query.pageSize ?? defaultPageSize;
			const total = deps.db.select({ n: count() }).from(referrals).where(where).get()?.n ?? 0;
			// Ids first: a deep page then skips over thin rows, not whole referrals (p95 78 → 39 ms, bench/list.ts).
			const ids = deps.db
				.select({ id: referrals.id })
				.from(referrals)
				.where(where)
				.orderBy(...listOrder(query.sort ?? 'queue', deps.clock().toISOString()))
				.limit(pageSize)
				.offset((page - 1) * pageSize)
				.all()
				.map((r) => r.id);
			const byId = new Map(
				(ids.length === 0
					? []
					: deps.db.select().from(referrals).where(inArray(referrals.id, ids)).all()
				).map((r) => [r.id, r])
			);
			const rows = ids.flatMap((id) => byId.get(id) ?? []);
			// The audit says what this page showed: each page listed is its own set of rows.
			audit(
				deps,
				user,
				'list',
				rows.map((r) => r.id)
			);
			return c.json(
				{
					referrals: toServerReferrals(deps.db, rows, { timeline: false }),
					total,
					page,
					pageSize
				},
				200
			);
		})
		.get('/:id', (c) => {
			const user = c.get('user');
			const row = visibleReferral(deps, user, c.req.param('id'));
			audit(deps, user, 'read', [row.id]);
			return c.json(toServerReferrals(deps.db, [row])[0], 200);
		})
		.post('/:id/status', async (c) => {
			// Body first: from here on everything runs without awaiting, so the row cannot go stale.
			const body = await readJson(c, StatusBody);
			const user = c.get('user');
			const row = visibleReferral(deps, user, c.req.param('id'));
			serviceTeamOnly(user, row);
			const updated = unwrap(changeStatus(deps, user, row, body.status, body.note || undefined));
			return c.json(toServerReferrals(deps.db, [updated])[0], 200);
		})
		.post('/:id/responses', async (c) => {
			const body = await readJson(c, ResponseBody);
			const user = c.get('user');
			const row = visibleReferral(deps, user, c.req.param('id'));
			serviceTeamOnly(user, row);
			const updated = unwrap(respond(deps, user, row, body.text));
			return c.json(toServerReferrals(deps.db, [updated])[0], 200);
		})
		.post('/:id/reassign', async (c) => {
			const body = await readJson(c, ReassignBody);
			const user = c.get('user');
			const row = visibleReferral(deps, user, c.req.param('id'));
			serviceTeamOnly(user, row);
			const updated = unwrap(reassign(deps, user, row, body.unitId, body.reason));
			return c.json(toServerReferrals(deps.db, [updated])[0], 200);
		})
		.get('/:id/assignees', (c) => {
			const user = c.get('user');
			const row = visibleReferral(deps, user, c.req.param('id'));
			serviceTeamOnly(user, row);
			return c.json(
				{ officers: row.unitId === null ? [] : assignableOfficers(deps, row.unitId) },
				200
			);
		})
		.post('/:id/assign', async (c) => {
			const body = await readJson(c, AssignBody);
			const user = c.get('user');
			const row = visibleReferral(deps, user, c.req.param('id'));
			serviceTeamOnly(user, row);
			const updated = unwrap(assign(deps, user, row, body.assigneeId));
			return c.json(toServerReferrals(deps.db, [updated])[0], 200);
		})
		.post('/:id/duplicate-of', async (c) => {
			const body = await readJson(c, DuplicateBody);
			const user = c.get('user');
			const row = visibleReferral(deps, user, c.req.param('id'));
			serviceTeamOnly(user, row);
			// The main one must be this user's team's work too: its answer will go to both.
			const main = deps.db
				.select()
				.from(referrals)
				.where(and(eq(referrals.id, body.mainId), visibleTo(deps.db, user)))
				.get();
			if (!main || !actsForUnit(user, main.unitId))
				throw badRequest('Choose a referral your team has, still waiting for an answer.');
			const updated = unwrap(markDuplicate(deps, user, row, main));
			return c.json(toServerReferrals(deps.db, [updated])[0], 200);
		})
		.post('/:id/chase', async (c) => {
			const body = await readJson(c, ChaseBody);
			const user = c.get('user');
			const row = visibleReferral(deps, user, c.req.param('id'));
			if (!actsForOwner(deps.db, user, row.ownerId))
				throw forbidden('Only the Member or their support officer can chase a referral.');
			const updated = chase(deps, user, row, body.note || undefined);
			return c.json(toServerReferrals(deps.db, [updated])[0], 200);
		});
}
