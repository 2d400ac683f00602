// GET /api/device-key: this user's recovery secret for this tablet (32 bytes, base64), used to
// wrap the tablet's data key so a fresh sign-in can unlock it. Never stored on the tablet.
import * as z from 'zod/mini';
import type { TransportResult } from '../sync/types.ts';
import { createRequest, unreachableMessage, type Wording } from './request.ts';

const DeviceKeyBody = z.object({ deviceId: z.string(), secret: z.base64() });

const wording: Wording = {
	offline: unreachableMessage,
	failed: (response) =>
		response.status === 401
			? 'Sign in again to unlock this tablet.'
			: 'The council server could not give the key for this tablet. Try again in a minute.',
	notJson: unreachableMessage,
	unreadable: unreachableMessage
};

export async function fetchDeviceSecret(
	fetchFn: typeof fetch,
	deviceId: string
): Promise<TransportResult<Uint8Array<ArrayBuffer>>> {
	const request = createRequest({ fetch: fetchFn, timeoutMs: 15_000, wording });
	const answer = await request(
		`/api/device-key?deviceId=${encodeURIComponent(deviceId)}`,
		{ method: 'GET', cache: 'no-store' },
		DeviceKeyBody
	);
	if (!answer.ok) return answer;
	const secret = Uint8Array.from(atob(answer.value.secret), (c) => c.charCodeAt(0));
	if (secret.length !== 32) return { ok: false, kind: 'fatal', message: unreachableMessage };
	return { ok: true, value: secret };
}
