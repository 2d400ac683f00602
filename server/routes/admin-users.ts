// Admin: user accounts (/api/admin/users): create, change, deactivate, reset a password, set the
// Members a support officer supports, end someone's sessions (server/users holds the rules).
import { z } from 'zod';
import { SupportsInput, UserInput, UserPatch } from '#domain/admin';
import type { AppDeps } from '../context.ts';
import { readJson, readOptionalJson } from '../http/json-body.ts';
import { unwrap } from '../http/outcome.ts';
import {
	createUser,
	findUser,
	listUsers,
	revokeSessionsOf,
	setSupportedMembers,
	updateUser
} from '../users/accounts.ts';
import { adminRouter } from './admin-common.ts';

/** Mounted at /api/admin/users. */
export function adminUserRoutes(deps: AppDeps) {
	return adminRouter(deps)
		.get('/', (c) => c.json({ users: listUsers(deps.db) }, 200))
		.get('/:id', (c) => c.json(unwrap(findUser(deps.db, c.req.param('id'))), 200))
		.post('/', async (c) => {
			const body = await readJson(c, UserInput);
			return c.json(unwrap(await createUser(deps, c.get('user'), body)), 201);
		})
		.patch('/:id', async (c) => {
			const body = await readJson(c, UserPatch);
			const acting = { admin: c.get('user'), sessionId: c.get('sessionId') };
			return c.json(unwrap(await updateUser(deps, acting, c.req.param('id'), body)), 200);
		})
		.put('/:id/supports', async (c) => {
			const body = await readJson(c, SupportsInput);
			return c.json(unwrap(setSupportedMembers(deps, c.get('user'), c.req.param('id'), body)), 200);
		})
		.post('/:id/revoke-sessions', async (c) => {
			await readOptionalJson(c, z.strictObject({})); // no body, or {}: nothing else is understood
			const acting = { admin: c.get('user'), sessionId: c.get('sessionId') };
			const revoked = unwrap(revokeSessionsOf(deps, acting, c.req.param('id')));
			return c.json({ revoked }, 200);
		});
}
