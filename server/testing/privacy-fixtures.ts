// Test helpers for the privacy tools: referrals taken through to closed or rejected over the
// real API, with photos and free-text notes, so retention and erasure have something to remove.
import { randomUUID } from 'node:crypto';
import type { CreateReferralInput } from '#domain/referral';
import { createMutation, createPayload, mutation, type TestServer } from './test-server.ts';
import { tinyJpeg } from './test-photos.ts';

export const jpeg = new Uint8Array(tinyJpeg);

export interface Cookies {
	member: string;
	officer: string;
	admin: string;
}

export async function signIn(server: TestServer): Promise<Cookies> {
	return {
		member: await server.login('cllr.ahmed'),
		officer: await server.login('officer.highways'),
		admin: await server.login('admin')
	};
}

async function ok(response: Response | Promise<Response>): Promise<Response> {
	const res = await response;
	if (res.status !== 200) throw new Error(`${res.url} answered ${res.status}: ${await res.text()}`);
	return res;
}

/** A routed referral by cllr.ahmed with one photo; returns its id. */
export async function captureReferral(
	server: TestServer,
	cookies: Cookies,
	overrides: Partial<CreateReferralInput> = {}
): Promise<string> {
	const photoId = randomUUID();
	await ok(
		server.request(`/api/attachments/${photoId}`, {
			method: 'PUT',
			cookie: cookies.member,
			headers: { 'content-type': 'image/jpeg' },
			body: jpeg
		})
	);
	const create = createMutation({ payload: createPayload({ photoIds: [photoId], ...overrides }) });
	const pushed = await (await ok(server.push(cookies.member, [create]))).json();
	if (pushed.results[0].status !== 'applied') throw new Error(JSON.stringify(pushed.results[0]));
	return create.referralId;
}

/** Answered by Highways (with a note naming the resident) and closed, with a Member's comment. */
export async function closedReferral(
	server: TestServer,
	cookies: Cookies,
	overrides: Partial<CreateReferralInput> = {}
): Promise<string> {
	const id = await captureReferral(server, cookies, overrides);
	await ok(
		server.push(cookies.member, [
			mutation(id, 'comment', { text: 'Mary rang again on 07700 900123 about it' })
		])
	);
	await ok(
		server.request(`/api/referrals/${id}/responses`, {
			method: 'POST',
			cookie: cookies.officer,
			json: { text: 'Dear Mrs Smith, the pothole outside number 12 is filled.' }
		})
	);
	await ok(
		server.request(`/api/referrals/${id}/status`, {
			method: 'POST',
			cookie: cookies.officer,
			json: { status: 'closed', note: 'Mrs Smith confirmed by phone' }
		})
	);
	return id;
}

export async function rejectedReferral(
	server: TestServer,
	cookies: Cookies,
	overrides: Partial<CreateReferralInput> = {}
): Promise<string> {
	const id = await captureReferral(server, cookies, overrides);
	await ok(
		server.request(`/api/referrals/${id}/status`, {
			method: 'POST',
			cookie: cookies.officer,
			json: { status: 'rejected', note: 'Private road: Mr Jones at number 4 owns it' }
		})
	);
	return id;
}

export const dayMs = 86_400_000;
