// Every HTTP call the browser makes goes through here: same-origin cookies, a timeout, the answer
// checked against a zod schema (parse at the edge), and every failure sorted the way the sync
// engine sorts them (offline / auth / retryable / fatal) with a sentence a person can act on.
// Nothing here throws for an HTTP failure.
import type { z } from 'zod/mini';
import { ErrorBody } from '../domain/error-body.ts';
import type { TransportResult } from '../sync/types.ts';

const defaultTimeoutMs = 30_000;
export const unreachableMessage =
	"Wardline's server can't be reached. Your work is saved on this tablet.";
const unreadable = 'The server sent an answer Wardline cannot read. Try again in a minute.';

/** What a person is told when a call goes wrong and the server has not said why in words. */
export interface Wording {
	/** No answer at all: no network, or none in time. */
	offline: string;
	/** An error answer; `said` is the server's own sentence, when it sent one. */
	failed(response: Response, said: string | null): string;
	/** A success that is not JSON (a captive portal's page, say). */
	notJson: string;
	/** JSON, but not in the agreed shape. */
	unreadable: string;
}

/** The words of the app's own calls (sign-in, reference data, the desk screens). */
export const appWording: Wording = {
	offline: unreachableMessage,
	failed: (response, said) => said ?? (response.status >= 500 ? unreachableMessage : unreadable),
	notJson: unreadable,
	unreadable
};

export interface RequestOptions {
	/** Defaults to the browser's fetch, looked up at each call (importing touches no globals). */
	fetch?: typeof fetch;
	baseUrl?: string;
	timeoutMs?: number;
	wording?: Wording;
	/** Hand back an error answer's JSON body too (as `body`), for callers that read more than its message. */
	keepErrorBody?: boolean;
}

type Failure = Extract<TransportResult<never>, { ok: false }>;

export interface Request {
	/** Sends, then reads a success against `schema`; `null` when its body does not matter. */
	<T>(path: string, init: RequestInit, schema: z.ZodMiniType<T>): Promise<TransportResult<T>>;
	(path: string, init: RequestInit, schema: null): Promise<TransportResult<undefined>>;
}

/** 401 means sign in again; a server fault or "too many" may pass; anything else will not. */
function kindOf(status: number): Failure['kind'] {
	if (status === 401) return 'auth';
	if (status >= 500 || status === 408 || status === 429) return 'retryable';
	return 'fatal';
}

async function readJson(response: Response): Promise<{ ok: true; json: unknown } | { ok: false }> {
	try {
		return { ok: true, json: await response.json() };
	} catch {
		return { ok: false };
	}
}

export function createRequest(options: RequestOptions = {}): Request {
	const fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
	const baseUrl = options.baseUrl ?? '';
	const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
	const wording = options.wording ?? appWording;

	/** fetch with a timeout; a network failure and a timeout both mean offline (a timeout says so). */
	async function send(path: string, init: RequestInit): Promise<TransportResult<Response>> {
		const controller = new AbortController();
		const timer = setTimeout(() => controller.abort(), timeoutMs);
		try {
			const response = await fetchFn(baseUrl + path, {
				...init,
				credentials: 'same-origin',
				signal: controller.signal
			});
			return { ok: true, value: response };
		} catch (err) {
			if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) {
				// No answer in time: the network may be fine and the server slow (the sync bar says so).
				return { ok: false, kind: 'offline', message: wording.offline, timedOut: true };
			}
			if (err instanceof TypeError) return { ok: false, kind: 'offline', message: wording.offline };
			throw err;
		} finally {
			clearTimeout(timer);
		}
	}

	async function refusal(response: Response): Promise<Failure> {
		const body = await readJson(response);
		const said = body.ok ? ErrorBody.safeParse(body.json) : null;
		const status = response.status;
		const message = wording.failed(response, said?.success ? said.data.message : null);
		const failure: Failure = { ok: false, kind: kindOf(status), status, message };
		if (options.keepErrorBody && body.ok) failure.body = body.json;
		return failure;
	}

	async function request<T>(
		path: string,
		init: RequestInit,
		schema: z.ZodMiniType<T> | null
	): Promise<TransportResult<T | undefined>> {
		const sent = await send(path, init);
		if (!sent.ok) return sent;
		const response = sent.value;
		if (!response.ok) return refusal(response);
		if (schema === null) return { ok: true, value: undefined };
		const { status } = response;
		const body = await readJson(response);
		if (!body.ok) return { ok: false, kind: 'retryable', status, message: wording.notJson };
		const parsed = schema.safeParse(body.json);
		return parsed.success
			? { ok: true, value: parsed.data }
			: { ok: false, kind: 'fatal', status, message: wording.unreadable };
	}

	return request as Request;
}

/** A request carrying `body` as JSON (none when `body` is left out). */
export function jsonBody(method: 'POST' | 'PATCH' | 'PUT', body?: unknown): RequestInit {
	return body === undefined
		? { method }
		: { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** The browser's requests with the app's wording. */
export const request = createRequest();
