// Talks Open311 GeoReport v2 to the council's CRM over an injected fetch. Every answer is
// checked with zod; every failure comes back as a value with a sentence a person can act on.
import { z } from 'zod';
import {
	AnyList,
	CreateAnswer,
	decode,
	Open311Errors,
	Open311Request,
	Open311Service,
	Open311Update,
	TokenAnswer
} from './open311-wire.ts';

/** Why a call failed, and what kind of failure it was (the worker decides what to do). */
export interface CrmFailure {
	/**
	 * unreachable: no answer (refused, reset, timed out). server_error: HTTP 5xx.
	 * refused: HTTP 4xx, the CRM said no to this call. bad_answer: 2xx that is not the data expected.
	 */
	kind: 'unreachable' | 'server_error' | 'refused' | 'bad_answer';
	status: number | null;
	reason: string;
	/** The CRM's own words, where it answered with Open311 errors. */
	open311?: string;
	/** No connection was made (refused, no such host): the call certainly never arrived. */
	notSent?: boolean;
}

export type CrmResult<T> = { ok: true; value: T } | { ok: false; error: CrmFailure };

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
	/** Signed links to the referral's photos (consent allowing): the first goes as media_url. */
	mediaUrls?: string[];
}

/** The first line of every description Wardline sends, so a request can be found again. */
export const referenceLine = (reference: string) => `Wardline reference: ${reference}`;

export type CrmFormat = 'xml' | 'json';

export interface Open311ClientOptions {
	/** The endpoint, e.g. https://crm.example.gov.uk/open311/v2/ */
	baseUrl: string;
	apiKey?: string;
	/** XML is the format GeoReport v2 requires; JSON where the CRM offers it. Default xml. */
	format?: CrmFormat;
	/** Sent on every call, for endpoints that serve several councils. */
	jurisdictionId?: string;
	/** The longest description the CRM takes (GeoReport v2 says 4,000 characters). */
	descriptionLimit?: number;
	fetch?: typeof fetch;
	/** How long to wait for an answer before calling the CRM unreachable (default 300 s). */
	timeoutMs?: number;
	/** Told about every request list item skipped as malformed. */
	onSkipped?: (reason: string) => void;
}

function seconds(ms: number): string {
	const whole = Math.max(1, Math.round(ms / 1000));
	return whole === 1 ? '1 second' : `${whole} seconds`;
}

/** Cuts a description to the CRM's limit, on a character boundary, marking the cut. */
export function fitDescription(text: string, limit: number): string {
	const chars = [...text];
	if (chars.length <= limit) return text;
	return `${chars.slice(0, Math.max(0, limit - 1)).join('')}…`;
}

export class Open311Client {
	readonly #base: URL;
	readonly #apiKey: string;
	readonly #fetch: typeof fetch;
	readonly #timeoutMs: number;
	readonly #format: CrmFormat;
	readonly #jurisdictionId: string;
	readonly #descriptionLimit: number;
	readonly #onSkipped: (reason: string) => void;
	#longestList = 0;

	constructor(options: Open311ClientOptions) {
		this.#base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
		this.#apiKey = options.apiKey ?? '';
		this.#fetch = options.fetch ?? fetch;
		this.#timeoutMs = options.timeoutMs ?? 300_000;
		this.#format = options.format ?? 'xml';
		this.#jurisdictionId = options.jurisdictionId ?? '';
		this.#descriptionLimit = options.descriptionLimit ?? 4000;
		this.#onSkipped = options.onSkipped ?? (() => {});
	}

	get format(): CrmFormat {
		return this.#format;
	}

	get timeoutMs(): number {
		return this.#timeoutMs;
	}

	/**
	 * The longest list GET requests has answered. A CRM may cut lists short at a cap it does not
	 * announce; a list shorter than one it has already given cannot have been cut.
	 */
	get longestList(): number {
		return this.#longestList;
	}

	#path(name: string, query?: URLSearchParams): string {
		const params = new URLSearchParams(query);
		if (this.#jurisdictionId) params.set('jurisdiction_id', this.#jurisdictionId);
		const search = params.size ? `?${params}` : '';
		return `${name}.${this.#format}${search}`;
	}

	services(signal?: AbortSignal): Promise<CrmResult<Open311Service[]>> {
		return this.#list(this.#path('services'), signal, Open311Service);
	}

	async createRequest(
		request: NewServiceRequest,
		signal?: AbortSignal
	): Promise<CrmResult<CreateOutcome>> {
		const text = `${referenceLine(request.reference)}\n${request.description}`;
		const [mediaUrl, ...morePhotos] = request.mediaUrls ?? [];
		// GeoReport v2 takes one media_url: the other photos' links go in the description, if
		// they fit whole; a cut link would be worse than none.
		const withPhotos = morePhotos.length ? `${text}\nMore photos: ${morePhotos.join(' ')}` : text;
		const description =
			[...withPhotos].length <= this.#descriptionLimit
				? withPhotos
				: fitDescription(text, this.#descriptionLimit);
		const form = new URLSearchParams({
			api_key: this.#apiKey,
			service_code: request.serviceCode,
			description,
			address_string: request.addressString,
			'attribute[wardline_reference]': request.reference
		});
		if (this.#jurisdictionId) form.set('jurisdiction_id', this.#jurisdictionId);
		if (mediaUrl) form.set('media_url', mediaUrl);
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
			this.#path('requests'),
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
		const path = this.#path(`tokens/${encodeURIComponent(token)}`);
		const answer = await this.#call(path, { signal }, TokenAnswer);
		if (!answer.ok) return answer;
		return { ok: true, value: answer.value[0]?.service_request_id ?? null };
	}

	async requests(
		query: Record<string, string>,
		signal?: AbortSignal
	): Promise<CrmResult<Open311Request[]>> {
		const path = this.#path('requests', new URLSearchParams(query));
		const answer = await this.#list(path, signal, Open311Request);
		if (answer.ok) this.#longestList = Math.max(this.#longestList, answer.value.length);
		return answer;
	}

	/**
	 * FixMyStreet's GetServiceRequestUpdates: status changes between two times. A malformed
	 * record is skipped (and told), never the rest.
	 */
	serviceRequestUpdates(
		start: Date,
		end: Date,
		signal?: AbortSignal
	): Promise<CrmResult<Open311Update[]>> {
		const query = new URLSearchParams({ start_date: specDate(start), end_date: specDate(end) });
		return this.#list(this.#path('servicerequestupdates', query), signal, Open311Update);
	}

	/** GET of a list; an item that does not fit the schema is skipped (and told), not the list. */
	async #list<S extends z.ZodType>(
		path: string,
		signal: AbortSignal | undefined,
		schema: S
	): Promise<CrmResult<z.infer<S>[]>> {
		const answer = await this.#call(path, { signal }, AnyList);
		if (!answer.ok) return answer;
		const items: z.infer<S>[] = [];
		for (const [index, raw] of answer.value.entries()) {
			const parsed = schema.safeParse(raw);
			if (parsed.success) items.push(parsed.data);
			else
				this.#onSkipped(`item ${index} of ${path.split('?')[0]}: ${describeIssue(parsed.error)}`);
		}
		return { ok: true, value: items };
	}

	/**
	 * The request Wardline sent for a reference, if this one list shows it. Only the
	 * specification's parameters go out (strict CRMs refuse others); the match is made here, on
	 * the description's first line or the attribute. Null proves nothing on its own: see
	 * crm-reconcile.ts for when an absence can be believed.
	 */
	async findByReference(
		reference: string,
		since: Date,
		signal?: AbortSignal
	): Promise<CrmResult<string | null>> {
		const answer = await this.requests({ start_date: specDate(since) }, signal);
		if (!answer.ok) return answer;
		const match = answer.value.find((r) => carriesReference(r, reference));
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
				headers: { accept: this.#format === 'xml' ? 'text/xml' : 'application/json' },
				signal
			});
			text = await response.text();
		} catch (error) {
			const answer = failure(
				'unreachable',
				null,
				unreachableReason(error, timeout, this.#timeoutMs)
			);
			if (!timeout.aborted && notConnected.has(errorCode(error))) answer.error.notSent = true;
			return answer;
		}
		return readAnswer(response, text, schema);
	}
}

/** GeoReport v2's date format (W3C, seconds, no fractions), which strict CRMs insist on. */
export function specDate(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Whether a request the CRM lists is the one Wardline sent for this reference. */
export function carriesReference(request: Open311Request, reference: string): boolean {
	const first = (request.description ?? '').split('\n')[0].trim();
	return first === referenceLine(reference) || request.attributes.wardline_reference === reference;
}

function failure(
	kind: CrmFailure['kind'],
	status: number | null,
	reason: string
): { ok: false; error: CrmFailure } {
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

// Failures before a connection was made: nothing can have reached the CRM.
const notConnected = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'UND_ERR_CONNECT_TIMEOUT'
]);

function errorCode(error: unknown): string {
	const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
	return typeof cause === 'object' && cause && 'code' in cause ? String(cause.code) : '';
}

function unreachableReason(error: unknown, timeout: AbortSignal, timeoutMs: number): string {
	if (timeout.aborted) return `The council's system did not answer within ${seconds(timeoutMs)}`;
	if (error instanceof Error && error.name === 'AbortError')
		return "Stopped waiting for the council's system (Wardline is shutting down)";
	const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
	const code = errorCode(error);
	const detail = code || (cause instanceof Error ? cause.message : String(cause));
	return networkReasons[code] ?? `Could not reach the council's system (${detail})`;
}

function describeIssue(error: z.ZodError): string {
	const issue = error.issues[0];
	const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
	return `${issue.message}${where}`;
}

function readAnswer<S extends z.ZodType>(
	response: Response,
	text: string,
	schema: S
): CrmResult<z.infer<S>> {
	const status = response.status;
	const { data, page } = decode(response.headers.get('content-type') ?? '', text);
	if (status >= 400) {
		const kind = status >= 500 ? 'server_error' : 'refused';
		const errors = data === undefined ? null : Open311Errors.safeParse(data);
		if (errors?.success && errors.data.length > 0) {
			const said = errors.data.map((e) => e.description).join('; ');
			return {
				ok: false,
				error: {
					kind,
					status,
					reason: `The council's system answered with an error (HTTP ${status}): ${said}`,
					open311: said
				}
			};
		}
		if (page)
			return failure(
				kind,
				status,
				`The council's system answered with an error page (HTTP ${status}) instead of data`
			);
		return failure(kind, status, `The council's system answered with an error (HTTP ${status})`);
	}
	if (page)
		return failure(
			'bad_answer',
			status,
			"The council's system answered with a web page instead of data"
		);
	if (data === undefined)
		return failure(
			'bad_answer',
			status,
			"The council's system answered with something that is neither Open311 XML nor JSON"
		);
	const parsed = schema.safeParse(data);
	if (!parsed.success)
		return failure(
			'bad_answer',
			status,
			`The council's system answered with data Wardline does not understand (${describeIssue(parsed.error)})`
		);
	return { ok: true, value: parsed.data };
}
