// Admin: the outside bodies referrals can be forwarded to (/api/admin/outside-bodies). The list
// and its rules are in server/outside-bodies/store.ts; this only parses, calls and answers.
import { OutsideBodyInput, OutsideBodyPatch } from '#domain/outside-bodies';
import type { AppDeps } from '../context.ts';
import { readJson } from '../http/json-body.ts';
import { unwrap } from '../http/outcome.ts';
import {
	createOutsideBody,
	listOutsideBodies,
	updateOutsideBody
} from '../outside-bodies/store.ts';
import { adminRouter } from './admin-common.ts';

export function adminOutsideBodyRoutes(deps: AppDeps) {
	return adminRouter(deps)
		.get('/', (c) => c.json({ outsideBodies: listOutsideBodies(deps.db) }, 200))
		.post('/', async (c) => {
			const body = await readJson(c, OutsideBodyInput);
			return c.json(unwrap(createOutsideBody(deps, c.get('user'), body)), 201);
		})
		.patch('/:id', async (c) => {
			const body = await readJson(c, OutsideBodyPatch);
			return c.json(unwrap(updateOutsideBody(deps, c.get('user'), c.req.param('id'), body)), 200);
		});
}
