// The service team's and support officers' calls on referrals (online work at a desk):
// the queue, one referral, status moves, responses, passing to another team, assigning, chasing.
import type { Status } from '../domain/enums.ts';
import { ReferralListPage, ServerReferral } from '../domain/referral.ts';
import * as z from 'zod/mini';
import { jsonBody, request } from './request.ts';

export interface QueueFilters {
	status?: Status | '';
	wardId?: string;
	categoryId?: string;
	unitId?: string;
	overdue?: boolean;
	q?: string;
	sort?: ListSort;
	/** "me": the caller's own; "none": nobody's yet; "": anyone's. */
	assigned?: '' | 'me' | 'none';
}

/** Orders a list can take; "queue" (the default) is urgent, then overdue, then due date. */
export const listSorts = ['queue', 'newest', 'oldest', 'due'] as const;
export type ListSort = (typeof listSorts)[number];
export const listSortLabels: Record<ListSort, string> = {
	queue: 'Urgent, then overdue, then due date',
	newest: 'Newest first',
	oldest: 'Oldest first',
	due: 'Due date'
};

export const pageSize = 50;

/** One page (from 1) of the referrals that match, with the total that match. */
export function listReferrals(filters: QueueFilters = {}, page = 1) {
	const params = new URLSearchParams();
	if (page > 1) params.set('page', String(page));
	params.set('pageSize', String(pageSize));
	if (filters.sort && filters.sort !== 'queue') params.set('sort', filters.sort);
	if (filters.status) params.set('status', filters.status);
	if (filters.wardId) params.set('wardId', filters.wardId);
	if (filters.categoryId) params.set('categoryId', filters.categoryId);
	if (filters.unitId) params.set('unitId', filters.unitId);
	if (filters.overdue) params.set('overdue', 'true');
	if (filters.q?.trim()) params.set('q', filters.q.trim());
	if (filters.assigned) params.set('assigned', filters.assigned);
	const query = params.toString();
	return request(`/api/referrals${query ? `?${query}` : ''}`, { method: 'GET' }, ReferralListPage);
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

/** Gives the referral to an officer of its unit, or (null) back to the team. */
export const assignOfficer = (id: string, assigneeId: string | null) =>
	post(id, 'assign', { assigneeId });

const Assignees = z.object({ officers: z.array(z.object({ id: z.string(), name: z.string() })) });

/** The active officers of the referral's unit, whom it can be given to. */
export const listAssignees = (id: string) =>
	request(`/api/referrals/${encodeURIComponent(id)}/assignees`, { method: 'GET' }, Assignees);

/** Closes the referral as the same problem as `mainId`; it is answered with that one. */
export const markDuplicateOf = (id: string, mainId: string) => post(id, 'duplicate-of', { mainId });
