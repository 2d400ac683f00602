// The admin screens' calls to /api/admin: wards, units, categories (routing), users, sessions.
// Admin is online only: nothing is kept on the tablet, so no connection is said plainly.
import * as z from 'zod/mini';
import {
	AdminCategory,
	AdminSession,
	AdminSignInAttempts,
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
import { appWording, createRequest, jsonBody, type Wording } from './request.ts';

export const adminNeedsConnection =
	'Admin needs a connection. Check the Wi-Fi or mobile signal, then try again.';

/**
 * Calls under /api/admin. The app's "can't be reached" promises "your work is saved on this
 * tablet": not true of admin changes, so these say a connection is needed instead.
 */
export const adminWording: Wording = {
	...appWording,
	offline: adminNeedsConnection,
	failed: (response, said) =>
		said ?? (response.status >= 500 ? adminNeedsConnection : appWording.failed(response, null))
};
export const adminRequest = createRequest({ baseUrl: '/api/admin', wording: adminWording });
const Revoked = z.object({ revoked: z.number() });

const get = <T>(path: string, schema: z.ZodMiniType<T>) =>
	adminRequest(path, { method: 'GET' }, schema);
const id = (value: string) => encodeURIComponent(value);

export const listWards = () => get('/wards', z.object({ wards: z.array(AdminWard) }));
export const createWard = (input: WardInput) =>
	adminRequest('/wards', jsonBody('POST', input), AdminWard);
/** Renames, or retires (`active: false`) and reactivates. */
export const updateWard = (wardId: string, patch: WardPatch) =>
	adminRequest(`/wards/${id(wardId)}`, jsonBody('PATCH', patch), AdminWard);

export const listUnits = () => get('/units', z.object({ units: z.array(AdminUnit) }));
export const createUnit = (input: UnitInput) =>
	adminRequest('/units', jsonBody('POST', input), AdminUnit);
export const updateUnit = (unitId: string, patch: UnitPatch) =>
	adminRequest(`/units/${id(unitId)}`, jsonBody('PATCH', patch), AdminUnit);

export const listCategories = () =>
	get('/categories', z.object({ categories: z.array(AdminCategory) }));
export const createCategory = (input: CategoryInput) =>
	adminRequest('/categories', jsonBody('POST', input), AdminCategory);
/** `unitId` is the routing: new referrals of this category go to that unit. */
export const updateCategory = (categoryId: string, patch: CategoryPatch) =>
	adminRequest(`/categories/${id(categoryId)}`, jsonBody('PATCH', patch), AdminCategory);

export const listUsers = () => get('/users', z.object({ users: z.array(AdminUser) }));
export const getUser = (userId: string) => get(`/users/${id(userId)}`, AdminUser);
export const createUser = (input: UserInputDraft) =>
	adminRequest('/users', jsonBody('POST', input), AdminUser);
export const updateUser = (userId: string, patch: UserPatchDraft) =>
	adminRequest(`/users/${id(userId)}`, jsonBody('PATCH', patch), AdminUser);
export const setSupportedMembers = (userId: string, input: SupportsInput) =>
	adminRequest(`/users/${id(userId)}/supports`, jsonBody('PUT', input), AdminUser);
export const revokeUserSessions = (userId: string) =>
	adminRequest(`/users/${id(userId)}/revoke-sessions`, jsonBody('POST'), Revoked);

export const listSessions = (userId?: string) =>
	get(
		`/sessions${userId ? `?userId=${id(userId)}` : ''}`,
		z.object({ sessions: z.array(AdminSession) })
	);
export const revokeSession = (sessionId: string) =>
	adminRequest(`/sessions/${id(sessionId)}/revoke`, jsonBody('POST'), Revoked);

export const listSignInAttempts = () => get('/sign-in-attempts', AdminSignInAttempts);
/** Lets a pair (both given), an account or an address try again at once. */
export const clearSignInAttempts = (filter: { username?: string; address?: string }) => {
	const query = new URLSearchParams(
		Object.entries(filter).filter((e): e is [string, string] => e[1] !== undefined)
	);
	return adminRequest(
		`/sign-in-attempts?${query}`,
		{ method: 'DELETE' },
		z.object({ cleared: z.number() })
	);
};
