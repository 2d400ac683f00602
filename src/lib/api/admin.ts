// The admin screens' calls to /api/admin: wards, units, categories (routing), users, sessions.
// Admin is online only: nothing is kept on the tablet, so no connection is said plainly.
import * as z from 'zod/mini';
import {
	AdminCategory,
	AdminSession,
	AdminUnit,
	AdminUser,
	AdminWard,
	type CategoryInput,
	type CategoryPatch,
	type SupportsInput,
	type UnitInput,
	type UnitPatch,
	type UserInputDraft,
	type UserPatchDraft,
	type WardInput,
	type WardPatch
} from '../domain/admin.ts';
import { apiCall, type ApiResult } from './client.ts';
import { unreachableMessage } from './fetch.ts';

export const adminNeedsConnection =
	'Admin needs a connection. Check the Wi-Fi or mobile signal, then try again.';

const Revoked = z.object({ revoked: z.number() });

function send(method: 'POST' | 'PATCH' | 'PUT', body?: unknown): RequestInit {
	return body === undefined
		? { method }
		: { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

async function admin<T>(path: string, init: RequestInit, schema: z.ZodMiniType<T>) {
	const answer: ApiResult<T> = await apiCall(`/api/admin${path}`, init, schema);
	// The shared message promises "your work is saved on this tablet": not true of admin changes.
	if (!answer.ok && (answer.status === 0 || answer.message === unreachableMessage))
		return { ...answer, message: adminNeedsConnection };
	return answer;
}

const get = <T>(path: string, schema: z.ZodMiniType<T>) => admin(path, { method: 'GET' }, schema);
const id = (value: string) => encodeURIComponent(value);

export const listWards = () => get('/wards', z.object({ wards: z.array(AdminWard) }));
export const createWard = (input: WardInput) => admin('/wards', send('POST', input), AdminWard);
/** Renames, or retires (`active: false`) and reactivates. */
export const updateWard = (wardId: string, patch: WardPatch) =>
	admin(`/wards/${id(wardId)}`, send('PATCH', patch), AdminWard);

export const listUnits = () => get('/units', z.object({ units: z.array(AdminUnit) }));
export const createUnit = (input: UnitInput) => admin('/units', send('POST', input), AdminUnit);
export const updateUnit = (unitId: string, patch: UnitPatch) =>
	admin(`/units/${id(unitId)}`, send('PATCH', patch), AdminUnit);

export const listCategories = () =>
	get('/categories', z.object({ categories: z.array(AdminCategory) }));
export const createCategory = (input: CategoryInput) =>
	admin('/categories', send('POST', input), AdminCategory);
/** `unitId` is the routing: new referrals of this category go to that unit. */
export const updateCategory = (categoryId: string, patch: CategoryPatch) =>
	admin(`/categories/${id(categoryId)}`, send('PATCH', patch), AdminCategory);

export const listUsers = () => get('/users', z.object({ users: z.array(AdminUser) }));
export const getUser = (userId: string) => get(`/users/${id(userId)}`, AdminUser);
export const createUser = (input: UserInputDraft) =>
	admin('/users', send('POST', input), AdminUser);
export const updateUser = (userId: string, patch: UserPatchDraft) =>
	admin(`/users/${id(userId)}`, send('PATCH', patch), AdminUser);
export const setSupportedMembers = (userId: string, input: SupportsInput) =>
	admin(`/users/${id(userId)}/supports`, send('PUT', input), AdminUser);
export const revokeUserSessions = (userId: string) =>
	admin(`/users/${id(userId)}/revoke-sessions`, send('POST'), Revoked);

export const listSessions = (userId?: string) =>
	get(
		`/sessions${userId ? `?userId=${id(userId)}` : ''}`,
		z.object({ sessions: z.array(AdminSession) })
	);
export const revokeSession = (sessionId: string) =>
	admin(`/sessions/${id(sessionId)}/revoke`, send('POST'), Revoked);
