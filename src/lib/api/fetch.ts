// fetch as every API call here uses it: same-origin cookies, a timeout, and "offline" for a
// network failure or a timeout. Its own module so the sign-in and unlock screens need no more.
import type { TransportResult } from '../sync/types.ts';

export const defaultTimeoutMs = 30_000;
export const unreachableMessage =
	"Wardline's server can't be reached. Your work is saved on this tablet.";

/** fetch with a timeout; a network failure or a timeout both mean "offline" to the caller. */
export async function fetchWithTimeout(
	fetchFn: typeof fetch,
	url: string,
	init: RequestInit,
	timeoutMs: number
): Promise<TransportResult<Response>> {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), timeoutMs);
	try {
		return {
			ok: true,
			value: await fetchFn(url, { ...init, credentials: 'same-origin', signal: controller.signal })
		};
	} catch (err) {
		if (
			err instanceof Error &&
			(err.name === 'AbortError' || err.name === 'TimeoutError' || err instanceof TypeError)
		) {
			return { ok: false, kind: 'offline', message: unreachableMessage };
		}
		throw err;
	} finally {
		clearTimeout(timer);
	}
}
