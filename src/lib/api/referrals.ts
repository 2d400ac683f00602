// The service team's and support officers' calls on referrals (online work at a desk):
// the queue, one referral, status moves, responses, passing to another team, chasing.
import * as z from 'zod/mini';
import type { Status } from '../domain/enums.ts';
import { ServerReferral } from '../domain/referral.ts';
import { jsonBody, request } from './request.ts';

export interface QueueFilters {
	status?: Status | '';
	wardId?: string;
	categoryId?: string;
	unitId?: string;
	overdue?: boolean;
	q?: string;
}

const ReferralList = z.object({ referrals: z.array(ServerReferral) });

export function listReferrals(filters: QueueFilters = {}) {
	const params = new URLSearchParams();
	if (filters.status) params.set('status', filters.status);
	if (filters.wardId) params.set('wardId', filters.wardId);
	if (filters.categoryId) params.set('categoryId', filters.categoryId);
	if (filters.unitId) params.set('unitId', filters.unitId);
	if (filters.overdue) params.set('overdue', 'true');
	if (filters.q?.trim()) params.set('q', filters.q.trim());
	const query = params.toString();
	return request(`/api/referrals${query ? `?${query}` : ''}`, { method: 'GET' }, ReferralList);
}

export const getReferral = (id: string) =>
	request(`/api/referrals/${encodeURIComponent(id)}`, { method: 'GET' }, ServerReferral);

const post = (id: string, action: string, body: unknown) =>
	request(
		`/api/referrals/${encodeURIComponent(id)}/${action}`,
		jsonBody('POST', body),
		ServerReferral
	);

export const moveStatus = (id: string, status: Status, note?: string) =>
	post(id, 'status', { status, ...(note?.trim() ? { note: note.trim() } : {}) });

export const sendResponse = (id: string, text: string) => post(id, 'responses', { text });

export const passToUnit = (id: string, unitId: string, reason: string) =>
	post(id, 'reassign', { unitId, reason });

export const chaseReferral = (id: string, note?: string) =>
	post(id, 'chase', note?.trim() ? { note: note.trim() } : {});
