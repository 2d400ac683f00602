// The council's CRM as Wardline sees it: whether it is reachable, and (for admins) the queue
// of referrals waiting to be logged there, with "retry now".
import * as z from 'zod/mini';
import { jsonBody, request } from './request.ts';

export const CrmStatus = z.object({
	state: z.enum(['off', 'up', 'down']),
	queued: z.number(),
	lastError: z.nullable(z.string()),
	lastSuccessAt: z.nullable(z.string()),
	downSince: z.nullable(z.string())
});
export type CrmStatus = z.infer<typeof CrmStatus>;

const OutboxRow = z.object({
	id: z.number(),
	referralId: z.string(),
	reference: z.string(),
	category: z.string(),
	serviceCode: z.nullable(z.string()),
	state: z.string(),
	attempts: z.number(),
	nextAttemptAt: z.nullable(z.string()),
	lastError: z.nullable(z.string()),
	createdAt: z.string(),
	deliveredAt: z.nullable(z.string()),
	serviceRequestId: z.nullable(z.string())
});
export type CrmOutboxRow = z.infer<typeof OutboxRow>;

export type CrmOutboxFilter =
	'waiting' | 'failed' | 'refused' | 'held' | 'stopped' | 'delivered' | 'all';

export const fetchCrmOutbox = (state: CrmOutboxFilter = 'waiting') =>
	request(
		`/api/admin/crm/outbox?state=${state}`,
		{ method: 'GET' },
		z.object({ status: CrmStatus, rows: z.array(OutboxRow) })
	);

export const retryCrm = (referralId?: string) =>
	request(
		'/api/admin/crm/retry',
		jsonBody('POST', referralId ? { referralId } : {}),
		z.object({ retried: z.number() })
	);

/** A held or refused row is the CRM's existing request: logged, with no send. */
export const linkCrm = (referralId: string, serviceRequestId: string) =>
	request(
		'/api/admin/crm/link',
		jsonBody('POST', { referralId, serviceRequestId }),
		z.object({ referralId: z.string(), serviceRequestId: z.string() })
	);

/** Never sent to the CRM: handled in Wardline alone. */
export const stopCrm = (referralId: string) =>
	request(
		'/api/admin/crm/stop',
		jsonBody('POST', { referralId }),
		z.object({ referralId: z.string(), state: z.string() })
	);

export const CrmStatusAction = z.enum(['none', 'in_progress', 'responded']);
export type CrmStatusAction = z.infer<typeof CrmStatusAction>;
const StatusMapRow = z.object({
	crmStatus: z.string(),
	action: CrmStatusAction,
	mapped: z.boolean(),
	firstSeenAt: z.nullable(z.string())
});
export type CrmStatusMapRow = z.infer<typeof StatusMapRow>;

/** What each CRM status means here; unmapped values (seen, not yet chosen) first. */
export const fetchCrmStatusMap = () =>
	request(
		'/api/admin/crm/status-map',
		{ method: 'GET' },
		z.object({ rows: z.array(StatusMapRow) })
	);

export const saveCrmStatusAction = (crmStatus: string, action: CrmStatusAction) =>
	request(
		'/api/admin/crm/status-map',
		jsonBody('PUT', { crmStatus, action }),
		z.object({ row: StatusMapRow })
	);

export const FeedSettings = z.object({
	enabled: z.boolean(),
	publishDescriptions: z.boolean(),
	neverPublicCategoryIds: z.array(z.string())
});
export type FeedSettings = z.infer<typeof FeedSettings>;

/** Wardline's own public Open311 feed: on or off, descriptions, never-public categories. */
export const fetchFeedSettings = () =>
	request('/api/admin/crm/feed', { method: 'GET' }, FeedSettings);
export const saveFeedSettings = (settings: FeedSettings) =>
	request('/api/admin/crm/feed', jsonBody('PUT', settings), FeedSettings);
