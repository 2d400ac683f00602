// GET /api/device-key: this user's recovery secret for this tablet (32 bytes, base64), used to
// wrap the tablet's data key so a fresh sign-in can unlock it. Never stored on the tablet.
import * as z from 'zod/mini';
import { fetchWithTimeout, unreachableMessage } from './fetch.ts';

const DeviceKeyBody = z.object({ deviceId: z.string(), secret: z.base64() });

export type DeviceSecretResult =
	{ ok: true; secret: Uint8Array<ArrayBuffer> } | { ok: false; offline: boolean; message: string };

export async function fetchDeviceSecret(
	fetchFn: typeof fetch,
	deviceId: string,
	timeoutMs = 15_000
): Promise<DeviceSecretResult> {
	const sent = await fetchWithTimeout(
		fetchFn,
		`/api/device-key?deviceId=${encodeURIComponent(deviceId)}`,
		{ method: 'GET', cache: 'no-store' },
		timeoutMs
	);
	if (!sent.ok) return { ok: false, offline: true, message: unreachableMessage };
	if (!sent.value.ok)
		return {
			ok: false,
			offline: false,
			message:
				sent.value.status === 401
					? 'Sign in again to unlock this tablet.'
					: 'The council server could not give the key for this tablet. Try again in a minute.'
		};
	const body = DeviceKeyBody.safeParse(await sent.value.json().catch(() => null));
	const secret = body.success
		? Uint8Array.from(atob(body.data.secret), (c) => c.charCodeAt(0))
		: new Uint8Array(0);
	if (secret.length !== 32) return { ok: false, offline: false, message: unreachableMessage };
	return { ok: true, secret };
}
