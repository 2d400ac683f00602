// The sync transport over HTTP: the browser's fetch to /api/sync and /api/attachments, with
// every failure sorted into offline / auth / retryable / fatal for the engine.
import { ErrorBody } from '../domain/error-body.ts';
import {
	PullResponse,
	PushResponse,
	VisibleResponse,
	type PushRequest
} from '../domain/sync-protocol.ts';
import type { SyncTransport, TransportResult } from '../sync/types.ts';
import type { z } from 'zod/mini';
import { defaultTimeoutMs, fetchWithTimeout } from './fetch.ts';

export interface HttpTransportOptions {
	fetch: typeof fetch;
	baseUrl?: string;
	timeoutMs?: number;
}

type Failure = Extract<TransportResult<never>, { ok: false }>;

async function serverMessage(response: Response): Promise<string> {
	try {
		const body = ErrorBody.safeParse(await response.json());
		if (body.success) return body.data.message;
	} catch {
		// Not JSON (a proxy's error page, say): fall back to the status line.
	}
	return `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`;
}

export async function failureFor(response: Response): Promise<Failure> {
	const status = response.status;
	const message = await serverMessage(response);
	if (status === 401) return { ok: false, kind: 'auth', status, message };
	if (status >= 500 || status === 408 || status === 429)
		return { ok: false, kind: 'retryable', status, message };
	return { ok: false, kind: 'fatal', status, message };
}

async function parseBody<T>(
	response: Response,
	schema: z.ZodMiniType<T>
): Promise<TransportResult<T>> {
	let json: unknown;
	try {
		json = await response.json();
	} catch {
		// A captive portal or proxy answering 200 with HTML: not our server, try again later.
		return {
			ok: false,
			kind: 'retryable',
			status: response.status,
			message: 'The server sent an answer Wardline cannot read.'
		};
	}
	const parsed = schema.safeParse(json);
	if (!parsed.success) {
		return {
			ok: false,
			kind: 'fatal',
			status: response.status,
			message: 'The server sent an answer in a form Wardline does not know.'
		};
	}
	return { ok: true, value: parsed.data };
}

export function createHttpTransport(options: HttpTransportOptions): SyncTransport {
	const baseUrl = options.baseUrl ?? '';
	const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
	const send = (path: string, init: RequestInit) =>
		fetchWithTimeout(options.fetch, baseUrl + path, init, timeoutMs);
	/** Sends, then reads a 2xx answer against the schema or sorts the failure. */
	async function exchange<T>(
		path: string,
		init: RequestInit,
		schema: z.ZodMiniType<T>
	): Promise<TransportResult<T>> {
		const sent = await send(path, init);
		if (!sent.ok) return sent;
		return sent.value.ok ? parseBody(sent.value, schema) : failureFor(sent.value);
	}

	return {
		push: (req: PushRequest) =>
			exchange(
				'/api/sync/push',
				{
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(req)
				},
				PushResponse
			),

		pull(since: number, limit: number) {
			const query = new URLSearchParams({ since: String(since), limit: String(limit) });
			return exchange(`/api/sync/pull?${query}`, { method: 'GET' }, PullResponse);
		},

		visible: () => exchange('/api/sync/visible', { method: 'GET' }, VisibleResponse),

		async putAttachment(id: string, blob: Blob, type: string, sha256: string) {
			const sent = await send(`/api/attachments/${encodeURIComponent(id)}`, {
				method: 'PUT',
				headers: { 'content-type': type, 'x-content-sha256': sha256 },
				body: blob
			});
			if (!sent.ok) return sent;
			return sent.value.ok ? { ok: true, value: null } : failureFor(sent.value);
		}
	};
}
