// Talks Open311 GeoReport v2 to the council's CRM over an injected fetch. Every answer is
// checked with zod; every failure comes back as a value with a sentence a person can act on.
import { z } from 'zod';

/** Why a call failed, and what kind of failure it was (the worker decides what to do). */
export interface CrmFailure {
	/**
	 * unreachable: no answer (refused, reset, timed out). server_error: HTTP 5xx.
	 * refused: HTTP 4xx, the CRM said no to this call. bad_answer: 2xx that is not the data expected.
	 */
	kind: 'unreachable' | 'server_error' | 'refused' | 'bad_answer';
	status: number | null;
	reason: string;
}

export type CrmResult<T> = { ok: true; value: T } | { ok: false; error: CrmFailure };

// Open311 ids are strings in the spec, but some CRMs send numbers.
const Id = z.union([z.string().min(1), z.number()]).transform(String);
const optionalText = z.string().nullish();

export const Open311Service = z.object({
	service_code: Id,
	service_name: optionalText,
	group: optionalText
});
export type Open311Service = z.infer<typeof Open311Service>;

export const Open311Request = z.object({
	service_request_id: Id,
	status: z.string().min(1),
	status_notes: optionalText,
	service_code: Id.nullish(),
	description: optionalText,
	requested_datetime: optionalText,
	updated_datetime: optionalText,
	attributes: z.record(z.string(), z.unknown()).nullish()
});
export type Open311Request = z.infer<typeof Open311Request>;

const CreateAnswer = z
	.array(
		z.object({
			service_request_id: Id.nullish(),
			token: Id.nullish(),
			service_notice: optionalText
		})
	)
	.min(1, { error: 'an empty list' })
	.refine((list) => Boolean(list[0].service_request_id ?? list[0].token), {
		error: 'neither a service_request_id nor a token'
	});
const TokenAnswer = z.array(z.object({ service_request_id: Id.nullish(), token: Id.nullish() }));
const Open311Errors = z.array(
	z.object({ code: z.union([z.number(), z.string()]), description: z.string() })
);

export type CreateOutcome = { serviceRequestId: string } | { token: string };

/** What Wardline asks the CRM to log; resident fields only where the resident consented. */
export interface NewServiceRequest {
	reference: string;
	serviceCode: string;
	description: string;
	addressString: string;
	lat: number | null;
	long: number | null;
	resident: {
		firstName: string;
		lastName: string;
		email: string | null;
		phone: string | null;
	} | null;
}

/** The first line of every description Wardline sends, so a request can be found again. */
export const referenceLine = (reference: string) => `Wardline reference: ${reference}`;

export interface Open311ClientOptions {
	/** The endpoint, e.g. https://crm.example.gov.uk/open311/v2/ */
	baseUrl: string;
	apiKey?: string;
	fetch?: typeof fetch;
	/** How long to wait for an answer before calling the CRM unreachable. */
	timeoutMs?: number;
}

function seconds(ms: number): string {
	const whole = Math.max(1, Math.round(ms / 1000));
	return whole === 1 ? '1 second' : `${whole} seconds`;
}

export class Open311Client {
	readonly #base: URL;
	readonly #apiKey: string;
	readonly #fetch: typeof fetch;
	readonly #timeoutMs: number;

	constructor(options: Open311ClientOptions) {
		this.#base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
		this.#apiKey = options.apiKey ?? '';
		this.#fetch = options.fetch ?? fetch;
		this.#timeoutMs = options.timeoutMs ?? 20_000;
	}

	services(signal?: AbortSignal): Promise<CrmResult<Open311Service[]>> {
		return this.#call('services.json', { signal }, z.array(Open311Service));
	}

	async createRequest(
		request: NewServiceRequest,
		signal?: AbortSignal
	): Promise<CrmResult<CreateOutcome>> {
		const form = new URLSearchParams({
			api_key: this.#apiKey,
			service_code: request.serviceCode,
			description: `${referenceLine(request.reference)}\n${request.description}`,
			address_string: request.addressString,
			'attribute[wardline_reference]': request.reference
		});
		if (request.lat !== null && request.long !== null) {
			form.set('lat', String(request.lat));
			form.set('long', String(request.long));
		}
		const resident = request.resident;
		if (resident) {
			form.set('first_name', resident.firstName);
			form.set('last_name', resident.lastName);
			if (resident.email) form.set('email', resident.email);
			if (resident.phone) form.set('phone', resident.phone);
		}
		const answer = await this.#call(
			'requests.json',
			{ method: 'POST', body: form, signal },
			CreateAnswer
		);
		if (!answer.ok) return answer;
		const [first] = answer.value;
		return {
			ok: true,
			value: first.service_request_id
				? { serviceRequestId: first.service_request_id }
				: { token: first.token as string }
		};
	}

	/** Asynchronous creation: the id once the CRM has made the request, null while it has not. */
	async tokenStatus(token: string, signal?: AbortSignal): Promise<CrmResult<string | null>> {
		const path = `tokens/${encodeURIComponent(token)}.json`;
		const answer = await this.#call(path, { signal }, TokenAnswer);
		if (!answer.ok) return answer;
		return { ok: true, value: answer.value[0]?.service_request_id ?? null };
	}

	requests(
		query: Record<string, string>,
		signal?: AbortSignal
	): Promise<CrmResult<Open311Request[]>> {
		const params = new URLSearchParams(query);
		return this.#call(`requests.json?${params}`, { signal }, z.array(Open311Request));
	}

	/**
	 * The request Wardline sent for a reference, if the CRM has it. `wardline_reference` narrows
	 * the search where the CRM supports it; the match itself is made here on the description's
	 * first line (or the attribute), because a plain Open311 CRM ignores unknown parameters.
	 */
	async findByReference(
		reference: string,
		since: Date,
		signal?: AbortSignal
	): Promise<CrmResult<string | null>> {
		const answer = await this.requests(
			{ wardline_reference: reference, start_date: since.toISOString() },
			signal
		);
		if (!answer.ok) return answer;
		const line = referenceLine(reference);
		const match = answer.value.find(
			(r) =>
				(r.description ?? '').split('\n')[0].trim() === line ||
				r.attributes?.wardline_reference === reference
		);
		return { ok: true, value: match?.service_request_id ?? null };
	}

	async #call<S extends z.ZodType>(
		path: string,
		init: { method?: string; body?: URLSearchParams; signal?: AbortSignal },
		schema: S
	): Promise<CrmResult<z.infer<S>>> {
		// The key goes only in POST bodies (as GeoReport v2 says), never in URLs that get logged.
		const url = new URL(path, this.#base);
		const timeout = AbortSignal.timeout(this.#timeoutMs);
		const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
		let response: Response;
		let text: string;
		try {
			response = await this.#fetch(url, {
				method: init.method ?? 'GET',
				body: init.body,
				headers: { accept: 'application/json' },
				signal
			});
			text = await response.text();
		} catch (error) {
			return failure('unreachable', null, unreachableReason(error, timeout, this.#timeoutMs));
		}
		return readAnswer(response, text, schema);
	}
}

function failure(kind: CrmFailure['kind'], status: number | null, reason: string) {
	return { ok: false as const, error: { kind, status, reason } };
}

const networkReasons: Record<string, string> = {
	ECONNREFUSED: "Could not reach the council's system (connection refused)",
	ENOTFOUND: "Could not find the council's system: check the address in CRM_URL",
	EAI_AGAIN: "Could not look up the council's system's address (DNS did not answer)",
	ECONNRESET: "The council's system hung up before answering",
	EPIPE: "The council's system hung up before answering",
	UND_ERR_SOCKET: "The council's system hung up before answering",
	UND_ERR_CONNECT_TIMEOUT: "Could not connect to the council's system in time",
	ETIMEDOUT: "Could not connect to the council's system in time",
	EHOSTUNREACH: "Could not reach the council's system (no route to it)"
};

function unreachableReason(error: unknown, timeout: AbortSignal, timeoutMs: number): string {
	if (timeout.aborted) return `The council's system did not answer within ${seconds(timeoutMs)}`;
	if (error instanceof Error && error.name === 'AbortError')
		return "Stopped waiting for the council's system (Wardline is shutting down)";
	const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
	const code = typeof cause === 'object' && cause && 'code' in cause ? String(cause.code) : '';
	const detail = code || (cause instanceof Error ? cause.message : String(cause));
	return networkReasons[code] ?? `Could not reach the council's system (${detail})`;
}

function readAnswer<S extends z.ZodType>(
	response: Response,
	text: string,
	schema: S
): CrmResult<z.infer<S>> {
	const status = response.status;
	const type = response.headers.get('content-type') ?? '';
	const looksLikePage = type.includes('html') || /^\s*</.test(text);
	let json: unknown;
	let isJson = false;
	if (!looksLikePage) {
		try {
			json = JSON.parse(text);
			isJson = true;
		} catch {
			// Reported below with the status.
		}
	}
	if (status >= 400) {
		const kind = status >= 500 ? 'server_error' : 'refused';
		const errors = isJson ? Open311Errors.safeParse(json) : null;
		if (errors?.success && errors.data.length > 0) {
			const said = errors.data.map((e) => e.description).join('; ');
			return failure(
				kind,
				status,
				`The council's system answered with an error (HTTP ${status}): ${said}`
			);
		}
		if (looksLikePage)
			return failure(
				kind,
				status,
				`The council's system answered with an error page (HTTP ${status}) instead of data`
			);
		return failure(kind, status, `The council's system answered with an error (HTTP ${status})`);
	}
	if (looksLikePage)
		return failure(
			'bad_answer',
			status,
			"The council's system answered with a web page instead of data"
		);
	if (!isJson)
		return failure(
			'bad_answer',
			status,
			"The council's system answered with something that is not JSON"
		);
	const parsed = schema.safeParse(json);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
		return failure(
			'bad_answer',
			status,
			`The council's system answered with data Wardline does not understand (${issue.message}${where})`
		);
	}
	return { ok: true, value: parsed.data };
}
