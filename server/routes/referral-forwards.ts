// Forwarding a referral to an outside body (/api/referrals/:id/forwards): what would be sent to
// each body, the forwards made, a new one, and the body's own reference. The service team for
// the referral's unit (or an admin) forwards; whoever may see the referral may read the list.
import { Hono } from 'hono';
import { ForwardInput, ForwardReferenceInput } from '#domain/outside-bodies';
import type { AppDeps, AppEnv, SessionUser } from '../context.ts';
import { forbidden } from '../http/errors.ts';
import { readJson } from '../http/json-body.ts';
import { unwrap } from '../http/outcome.ts';
import { requireSession } from '../http/session-middleware.ts';
import { forwardReferral, forwardView, recordBodyReference } from '../outside-bodies/forward.ts';
import { actsForUnit } from '../referrals/access.ts';
import type { ReferralRow } from '../referrals/store.ts';
import { visibleReferral } from './referrals.ts';

function teamReferral(deps: AppDeps, user: SessionUser, id: string): ReferralRow {
	const row = visibleReferral(deps, user, id);
	if (!actsForUnit(user, row.unitId))
		throw forbidden('Only the service team for this referral can forward it.');
	return row;
}

export function referralForwardRoutes(deps: AppDeps) {
	return new Hono<AppEnv>()
		.use(requireSession(deps))
		.get('/:id/forwards', (c) => {
			const row = teamReferral(deps, c.get('user'), c.req.param('id'));
			return c.json(forwardView(deps, row), 200);
		})
		.post('/:id/forwards', async (c) => {
			const body = await readJson(c, ForwardInput);
			const user = c.get('user');
			const row = teamReferral(deps, user, c.req.param('id'));
			return c.json(unwrap(forwardReferral(deps, user, row, body)), 201);
		})
		.patch('/:id/forwards/:forwardId', async (c) => {
			const body = await readJson(c, ForwardReferenceInput);
			const user = c.get('user');
			const row = teamReferral(deps, user, c.req.param('id'));
			return c.json(
				unwrap(recordBodyReference(deps, user, row, c.req.param('forwardId'), body.bodyReference)),
				200
			);
		});
}
