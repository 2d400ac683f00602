// Admin: user accounts (/api/admin/users): create, change, deactivate, reset a password, set the
// Members a support officer supports, end someone's sessions. Password hashes never leave here.
import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import {
	SupportsInput,
	UserInput,
	UserPatch,
	roleFieldProblem,
	type AdminUser
} from '#domain/admin';
import type { Role } from '#domain/enums';
import { hashPassword } from '../auth/passwords.ts';
import type { AppDeps } from '../context.ts';
import { referrals, supportMembers, units, users, wards } from '../db/schema.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { readJson, readOptionalJson } from '../http/json-body.ts';
import { nextChangeNo } from '../referrals/store.ts';
import { adminRouter, duplicate, idFromName, recordAdminAction, refused } from './admin-common.ts';
import { revokeUserSessions } from './admin-sessions.ts';

// Every column but password_hash: the one place user rows are read for admins.
const publicColumns = {
	id: users.id,
	username: users.username,
	displayName: users.displayName,
	role: users.role,
	wardId: users.wardId,
	unitId: users.unitId,
	email: users.email,
	phone: users.phone,
	active: users.active,
	createdAt: users.createdAt
};

function listUsers(deps: AppDeps, id?: string): AdminUser[] {
	const rows = deps.db
		.select(publicColumns)
		.from(users)
		.where(id ? eq(users.id, id) : undefined)
		.orderBy(asc(users.displayName))
		.all();
	const supports = deps.db
		.select()
		.from(supportMembers)
		.where(id ? eq(supportMembers.supportId, id) : undefined)
		.all();
	return rows.map((row) => ({
		...row,
		memberIds: supports.filter((s) => s.supportId === row.id).map((s) => s.memberId)
	}));
}

function findUser(deps: AppDeps, id: string): AdminUser {
	const [user] = listUsers(deps, id);
	if (!user) throw notFound('There is no such user.');
	return user;
}

/**
 * Keeps a ward only for Members and a unit only for officers, and checks both exist and are in
 * use. A retired one the user already has is kept: editing their phone number must not fail.
 */
function placement(
	deps: AppDeps,
	role: Role,
	wardId: string | null,
	unitId: string | null,
	current: { wardId: string | null; unitId: string | null } = { wardId: null, unitId: null }
) {
	const problem = roleFieldProblem(role, wardId, unitId);
	if (problem) throw badRequest(`${problem.field}: ${problem.message}`);
	const ward = role === 'member' ? wardId : null;
	const unit = role === 'officer' ? unitId : null;
	const wardRow = ward ? deps.db.select().from(wards).where(eq(wards.id, ward)).get() : null;
	if (ward && !wardRow) throw badRequest('wardId: Choose a ward from the list');
	if (wardRow && !wardRow.active && ward !== current.wardId)
		throw badRequest(`wardId: ${wardRow.name} is retired. Choose a ward that is in use`);
	const unitRow = unit ? deps.db.select().from(units).where(eq(units.id, unit)).get() : null;
	if (unit && !unitRow) throw badRequest('unitId: Choose a Business Unit from the list');
	if (unitRow && !unitRow.active && unit !== current.unitId)
		throw badRequest(`unitId: ${unitRow.name} is retired. Choose a Business Unit that is in use`);
	return { wardId: ward, unitId: unit };
}

/**
 * Gives the referrals of newly supported Members new change numbers, so a support officer's
 * tablet that already synced past them still pulls them. One number each: pull pages by it.
 */
function resendReferralsOf(deps: AppDeps, memberIds: string[]): void {
	if (memberIds.length === 0) return;
	const rows = deps.db
		.select({ id: referrals.id })
		.from(referrals)
		.where(inArray(referrals.ownerId, memberIds))
		.all();
	for (const row of rows)
		deps.db
			.update(referrals)
			.set({ changeNo: nextChangeNo(deps.db) })
			.where(eq(referrals.id, row.id))
			.run();
}

/** Mounted at /api/admin/users. */
export function adminUserRoutes(deps: AppDeps) {
	const usernameTaken = (username: string) =>
		deps.db.select().from(users).where(eq(users.username, username)).get() !== undefined;
	const idTaken = (id: string) =>
		deps.db.select().from(users).where(eq(users.id, id)).get() !== undefined;

	return adminRouter(deps)
		.get('/', (c) => c.json({ users: listUsers(deps) }, 200))
		.get('/:id', (c) => c.json(findUser(deps, c.req.param('id')), 200))
		.post('/', async (c) => {
			const body = await readJson(c, UserInput);
			const passwordHash = await hashPassword(body.password);
			// From here on nothing awaits, so the checks and the insert see the same database.
			const created = deps.sqlite.transaction((): AdminUser => {
				if (usernameTaken(body.username))
					throw duplicate(`The username ${body.username} is taken. Choose another.`);
				const place = placement(deps, body.role, body.wardId ?? null, body.unitId ?? null);
				const id = idFromName('user', body.username, idTaken);
				deps.db
					.insert(users)
					.values({
						id,
						username: body.username,
						displayName: body.displayName,
						role: body.role,
						...place,
						email: body.email ?? null,
						phone: body.phone ?? null,
						passwordHash,
						active: true,
						createdAt: deps.clock().toISOString()
					})
					.run();
				const user = findUser(deps, id);
				recordAdminAction(deps, c.get('user'), 'user.create', { ...user, memberIds: undefined });
				return user;
			})();
			return c.json(created, 201);
		})
		.patch('/:id', async (c) => {
			const body = await readJson(c, UserPatch);
			const passwordHash =
				body.password === undefined ? undefined : await hashPassword(body.password);
			const me = c.get('user');
			const updated = deps.sqlite.transaction((): AdminUser => {
				const before = findUser(deps, c.req.param('id'));
				const self = before.id === me.id;
				// Guards against an admin locking themselves (and perhaps everyone) out.
				if (self && body.active === false)
					throw refused('You cannot deactivate your own account. Ask another admin to do it.');
				if (self && body.role !== undefined && body.role !== 'admin')
					throw refused('You cannot take away your own admin role. Ask another admin to do it.');
				const role = body.role ?? before.role;
				const place = placement(
					deps,
					role,
					body.wardId === undefined ? before.wardId : body.wardId,
					body.unitId === undefined ? before.unitId : body.unitId,
					before
				);
				deps.db
					.update(users)
					.set({
						displayName: body.displayName,
						role: body.role,
						...place,
						email: body.email,
						phone: body.phone,
						active: body.active,
						passwordHash
					})
					.where(eq(users.id, before.id))
					.run();
				if (before.role === 'support' && role !== 'support')
					deps.db.delete(supportMembers).where(eq(supportMembers.supportId, before.id)).run();
				// Deactivating keeps their referrals; it only ends their way in. A new password
				// ends the sessions opened with the old one (yours stays if it is your own).
				let sessionsRevoked = 0;
				if (body.active === false || passwordHash !== undefined)
					sessionsRevoked = revokeUserSessions(
						deps,
						before.id,
						self ? c.get('sessionId') : undefined
					);
				recordAdminAction(deps, me, 'user.update', {
					id: before.id,
					changes: { ...body, password: passwordHash === undefined ? undefined : 'changed' },
					sessionsRevoked
				});
				return findUser(deps, before.id);
			})();
			return c.json(updated, 200);
		})
		.put('/:id/supports', async (c) => {
			const body = await readJson(c, SupportsInput);
			const memberIds = [...new Set(body.memberIds)];
			const updated = deps.sqlite.transaction((): AdminUser => {
				const support = findUser(deps, c.req.param('id'));
				if (support.role !== 'support')
					throw badRequest(
						'Only support officers support Members. Make this person a support officer first.'
					);
				const found = memberIds.length
					? deps.db
							.select({ id: users.id, role: users.role })
							.from(users)
							.where(inArray(users.id, memberIds))
							.all()
					: [];
				const members = new Set(found.filter((u) => u.role === 'member').map((u) => u.id));
				const wrong = memberIds.filter((id) => !members.has(id));
				if (wrong.length > 0)
					throw badRequest(`memberIds: These are not Members: ${wrong.join(', ')}`);
				const added = memberIds.filter((id) => !support.memberIds.includes(id));
				const removed = support.memberIds.filter((id) => !memberIds.includes(id));
				deps.db.delete(supportMembers).where(eq(supportMembers.supportId, support.id)).run();
				if (memberIds.length > 0)
					deps.db
						.insert(supportMembers)
						.values(memberIds.map((memberId) => ({ supportId: support.id, memberId })))
						.run();
				resendReferralsOf(deps, added);
				recordAdminAction(deps, c.get('user'), 'user.supports', { id: support.id, added, removed });
				return findUser(deps, support.id);
			})();
			return c.json(updated, 200);
		})
		.post('/:id/revoke-sessions', async (c) => {
			await readOptionalJson(c, z.strictObject({})); // no body, or {}: nothing else is understood
			const me = c.get('user');
			const revoked = deps.sqlite.transaction(() => {
				const user = findUser(deps, c.req.param('id'));
				// Your own: "sign me out everywhere else", not out of this page too.
				const count = revokeUserSessions(
					deps,
					user.id,
					user.id === me.id ? c.get('sessionId') : undefined
				);
				recordAdminAction(deps, me, 'user.revoke-sessions', { id: user.id, revoked: count });
				return count;
			})();
			return c.json({ revoked }, 200);
		});
}
