// Outside bodies: the admins' list, and forwarding a referral to one (the service team).
import * as z from 'zod/mini';
import {
	Forward,
	ForwardView,
	OutsideBody,
	type OutsideBodyInput,
	type OutsideBodyPatch
} from '../domain/outside-bodies.ts';
import { adminRequest } from './admin.ts';
import { jsonBody, request } from './request.ts';

export const listOutsideBodies = () =>
	adminRequest(
		'/outside-bodies',
		{ method: 'GET' },
		z.object({ outsideBodies: z.array(OutsideBody) })
	);
export const createOutsideBody = (input: OutsideBodyInput) =>
	adminRequest('/outside-bodies', jsonBody('POST', input), OutsideBody);
export const updateOutsideBody = (id: string, patch: OutsideBodyPatch) =>
	adminRequest(`/outside-bodies/${encodeURIComponent(id)}`, jsonBody('PATCH', patch), OutsideBody);

const forwards = (referralId: string) =>
	`/api/referrals/${encodeURIComponent(referralId)}/forwards`;

export const fetchForwards = (referralId: string) =>
	request(forwards(referralId), { method: 'GET' }, ForwardView);
export const forwardReferral = (referralId: string, outsideBodyId: string, note?: string) =>
	request(forwards(referralId), jsonBody('POST', { outsideBodyId, note }), Forward);
export const recordBodyReference = (referralId: string, forwardId: string, bodyReference: string) =>
	request(
		`${forwards(referralId)}/${encodeURIComponent(forwardId)}`,
		jsonBody('PATCH', { bodyReference }),
		Forward
	);
