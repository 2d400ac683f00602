// A unit's response templates (/api/response-templates): its officers and admins list, add,
// change and remove them; another unit's are a 404, as if absent.
import { Hono } from 'hono';
import { z } from 'zod';
import { ResponseTemplateInput, ResponseTemplatePatch } from '#domain/response-templates';
import type { AppDeps, AppEnv, SessionUser } from '../context.ts';
import { badRequest, forbidden, notFound } from '../http/errors.ts';
import { readJson } from '../http/json-body.ts';
import { unwrap } from '../http/outcome.ts';
import { requireSession } from '../http/session-middleware.ts';
import { actsForUnit } from '../referrals/access.ts';
import {
	createTemplate,
	deleteTemplate,
	findTemplate,
	listTemplates,
	updateTemplate,
	type TemplateRow
} from '../referrals/response-templates.ts';

const ListQuery = z.strictObject({
	unitId: z.string({ error: 'Say which team’s templates (unitId)' }).min(1, {
		error: 'Say which team’s templates (unitId)'
	})
});

const teamOnly = (user: SessionUser, unitId: string) => {
	if (!actsForUnit(user, unitId))
		throw forbidden('Only an admin or an officer of this team can keep its templates.');
};

function ownTemplate(deps: AppDeps, user: SessionUser, id: string): TemplateRow {
	const row = findTemplate(deps.db, id);
	if (!row || !actsForUnit(user, row.unitId)) throw notFound('There is no such template.');
	return row;
}

export function responseTemplateRoutes(deps: AppDeps) {
	return new Hono<AppEnv>()
		.use(requireSession(deps))
		.get('/', (c) => {
			const parsed = ListQuery.safeParse(c.req.query());
			if (!parsed.success) throw badRequest(parsed.error.issues[0]?.message ?? 'Bad query');
			teamOnly(c.get('user'), parsed.data.unitId);
			return c.json({ templates: listTemplates(deps.db, parsed.data.unitId) }, 200);
		})
		.post('/', async (c) => {
			const body = await readJson(c, ResponseTemplateInput);
			teamOnly(c.get('user'), body.unitId);
			return c.json(unwrap(createTemplate(deps, body)), 201);
		})
		.patch('/:id', async (c) => {
			const body = await readJson(c, ResponseTemplatePatch);
			const row = ownTemplate(deps, c.get('user'), c.req.param('id'));
			return c.json(updateTemplate(deps, row.id, body), 200);
		})
		.delete('/:id', (c) => {
			const row = ownTemplate(deps, c.get('user'), c.req.param('id'));
			deleteTemplate(deps.db, row.id);
			return c.json({ id: row.id }, 200);
		});
}
