// The link to the council's CRM as people see it: GET /api/crm/status for everyone signed in,
// and for admins the queue with its errors, "retry now", and for rows held or refused "link to
// a request the CRM has" and "stop sending" (service codes: admin-directory.ts).
import { Hono } from 'hono';
import { z } from 'zod';
import { describeError } from '#domain/validation';
import type { AppDeps, AppEnv } from '../context.ts';
import { linkToRequest, stopSending } from '../crm/crm-delivery.ts';
import { listOutbox, makeDueNow, openOutboxRow } from '../crm/crm-outbox.ts';
import { readFeedSettings, writeFeedSettings } from '../crm/open311-feed-settings.ts';
import { listCrmStatusMap, setCrmStatusAction } from '../crm/crm-status-map.ts';
import type { UpdateDeps } from '../crm/crm-updates.ts';
import { crmStatus, writeCrmState } from '../crm/crm-status.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { readJson } from '../http/json-body.ts';
import { requireRole, requireSession } from '../http/session-middleware.ts';

const OutboxQuery = z.strictObject({
	state: z
		.enum([
			'waiting',
			'queued',
			'sending',
			'failed',
			'refused',
			'held',
			'stopped',
			'delivered',
			'all'
		])
		.default('waiting')
});

const RetryBody = z.strictObject({ referralId: z.string().min(1).optional() });
const LinkBody = z.strictObject({
	referralId: z.string().min(1),
	serviceRequestId: z
		.string()
		.trim()
		.min(1, 'Give the request number the council’s system shows.')
		.max(100)
		.regex(/^[^\s,]+$/, 'A request number has no spaces or commas.')
});
const StopBody = z.strictObject({ referralId: z.string().min(1) });
const FeedBody = z.strictObject({
	enabled: z.boolean(),
	publishDescriptions: z.boolean(),
	neverPublicCategoryIds: z.array(z.string().min(1)).max(500)
});
const StatusMapBody = z.strictObject({
	crmStatus: z.string().trim().min(1, 'Name the status the council’s system gives.').max(100),
	action: z.enum(['none', 'in_progress', 'responded'], {
		message: 'Choose none (timeline only), in_progress or responded.'
	})
});
const notOpen = () => notFound('That referral is not waiting for the council’s system.');

export function crmRoutes(deps: AppDeps) {
	return new Hono<AppEnv>()
		.use(requireSession(deps))
		.get('/status', (c) => c.json(crmStatus(deps.db, deps.crm.enabled), 200));
}

const crmDeps = (deps: AppDeps): UpdateDeps => ({
	db: deps.db,
	sqlite: deps.sqlite,
	clock: deps.clock,
	ids: deps.ids
});

export function crmAdminRoutes(deps: AppDeps) {
	return new Hono<AppEnv>()
		.use(requireSession(deps), requireRole('admin'))
		.get('/outbox', (c) => {
			const parsed = OutboxQuery.safeParse(c.req.query());
			if (!parsed.success) throw badRequest(describeError(parsed.error));
			const rows = listOutbox(deps.db, parsed.data.state);
			return c.json({ status: crmStatus(deps.db, deps.crm.enabled), rows }, 200);
		})
		.post('/retry', async (c) => {
			// An empty POST means "everything"; a body names one referral.
			const body = c.req.header('content-type') ? await readJson(c, RetryBody) : {};
			const retried = makeDueNow(deps.db, deps.clock(), body.referralId);
			if (body.referralId && retried === 0)
				throw notFound('That referral is not waiting for the council’s system.');
			// Lifts the shared wait too, or a "down" CRM would still not be tried until it ends.
			writeCrmState(deps.db, { resumeAt: null });
			deps.crm.wake?.();
			return c.json({ retried }, 200);
		})
		.post('/link', async (c) => {
			// "It is already in the CRM as this request": held or refused rows, settled by hand.
			const body = await readJson(c, LinkBody);
			const row = openOutboxRow(deps.db, body.referralId);
			if (!row) throw notOpen();
			linkToRequest(crmDeps(deps), row, body.serviceRequestId, c.get('user'));
			return c.json({ referralId: body.referralId, serviceRequestId: body.serviceRequestId }, 200);
		})
		.get('/feed', (c) => c.json(readFeedSettings(deps.db), 200))
		.put('/feed', async (c) => {
			const body = await readJson(c, FeedBody);
			const saved = writeFeedSettings(deps.db, body);
			if (typeof saved === 'string') throw badRequest(saved);
			return c.json(saved, 200);
		})
		.get('/status-map', (c) => c.json({ rows: listCrmStatusMap(deps.db) }, 200))
		.put('/status-map', async (c) => {
			const body = await readJson(c, StatusMapBody);
			const row = setCrmStatusAction(deps.db, body.crmStatus, body.action, c.get('user').id);
			return c.json({ row }, 200);
		})
		.post('/stop', async (c) => {
			const body = await readJson(c, StopBody);
			const row = openOutboxRow(deps.db, body.referralId);
			if (!row) throw notOpen();
			stopSending(crmDeps(deps), row, c.get('user'));
			return c.json({ referralId: body.referralId, state: 'stopped' }, 200);
		});
}
