// A real Open311 GeoReport v2 server (node:http on 127.0.0.1) standing in for the council's CRM
// in tests: it can be stopped and started on the same port, slowed, and made to misbehave.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredRequest {
	service_request_id: string;
	service_code: string;
	description: string;
	attributes: Record<string, string>;
	address_string: string | null;
	lat: number | null;
	long: number | null;
	first_name: string | null;
	last_name: string | null;
	email: string | null;
	phone: string | null;
	api_key: string | null;
	status: string;
	status_notes: string | null;
	requested_datetime: string;
	updated_datetime: string;
	/** Asynchronous creation: the token it was answered with, and whether it is made yet. */
	token: string | null;
	made: boolean;
}

/**
 * html500: an error page. json500: an Open311 error array with HTTP 500. wrongJson: 200 with
 * JSON of another shape. htmlPage: 200 with a web page. drop: hang up without answering.
 * acceptThenDrop: store the POSTed request, then hang up before answering. slowAnswer: do what
 * was asked, and answer only after `slowAnswerMs` (the caller may have given up by then).
 */
export type Fault =
	'html500' | 'json500' | 'wrongJson' | 'htmlPage' | 'drop' | 'acceptThenDrop' | 'slowAnswer';

export interface Call {
	method: string;
	path: string;
	query: URLSearchParams;
	form: URLSearchParams;
}

export const basePath = '/open311/v2/';

/**
 * How a stand-in CRM behaves, after what the GeoReport v2 specification, FixMyStreet's client
 * tests and open311-adapter back ends show real council CRMs do. The default is today's double.
 */
export interface CrmProfile {
	/** The formats it answers in; any other extension is 404. */
	formats: ('xml' | 'json')[];
	/** Refuses unknown query parameters and datetimes with fractions (400, Open311 errors). */
	strict: boolean;
	/** GET requests has no handler (500), as most open311-adapter back ends. */
	noRequestsList: boolean;
	/** Requests made through Open311 are not in GET requests. */
	ownNotListed: boolean;
	/** GET requests answers at most this many, oldest first. */
	listCap: number | null;
	/** A service attribute every POST must carry, else 400 with Open311 errors. */
	requiredAttribute: string | null;
	/** Serves servicerequestupdates (FixMyStreet's extension). */
	updates: boolean;
	/** GET requests leaves the description out. */
	noDescription: boolean;
	/** Asynchronous creation: POSTs are answered with a token, the id comes later. */
	tokens: boolean;
	/** Every POST is made, then answered this late (slower than a caller's timeout). */
	slowPostsMs: number | null;
}

export const defaultProfile: CrmProfile = {
	formats: ['xml', 'json'],
	strict: false,
	noRequestsList: false,
	ownNotListed: false,
	listCap: null,
	requiredAttribute: null,
	updates: false,
	noDescription: false,
	tokens: false,
	slowPostsMs: null
};

export const profiles: Record<string, Partial<CrmProfile>> = {
	today: { formats: ['json'] },
	xmlOnly: { formats: ['xml'] },
	json: { formats: ['json', 'xml'] },
	strict: { strict: true },
	noRequestsList: { noRequestsList: true, updates: true },
	ownNotListed: { ownNotListed: true },
	capped: { listCap: 3 },
	noDescription: { noDescription: true },
	tokens: { tokens: true },
	requiredAttributes: { requiredAttribute: 'hazard' },
	slow: { slowPostsMs: 30_000 },
	updates: { updates: true }
};

export interface StoredUpdate {
	update_id: string;
	service_request_id: string;
	status: string;
	external_status_code: string | null;
	description: string | null;
	updated_datetime: string;
}

export class Open311TestDouble {
	/** Requests made through Open311 (by Wardline). */
	readonly requests: StoredRequest[] = [];
	/** Requests the CRM holds from elsewhere: see seedOthers. */
	readonly others: StoredRequest[] = [];
	readonly calls: Call[] = [];
	serviceCodes: Set<string>;
	/** When set, a POST with another api_key gets Open311's 403. */
	apiKey: string | null;
	delayMs = 0;
	slowAnswerMs = 300;
	/** Every call gets this fault while it is set. */
	fault: Fault | null = null;
	/** A fault for chosen calls only (e.g. one service code). */
	faultWhen: ((call: Call) => Fault | null) | null = null;
	/** Answer POSTs with a token; the request is made after this many token look-ups. */
	asyncCreation = false;
	/** Whether GET requests.json honours `wardline_reference`; a plain Open311 CRM ignores it. */
	searchesByReference = true;
	tokenLookupsBeforeMade = 1;
	profile: CrmProfile;
	readonly updates: StoredUpdate[] = [];
	#nextUpdate = 1;
	readonly #once: Fault[] = [];
	readonly #tokenLookups = new Map<string, number>();
	readonly #clock: () => Date;
	#server: Server | null = null;
	#port = 0;
	#nextId = 1000;

	constructor(
		options: {
			serviceCodes?: string[];
			apiKey?: string;
			clock?: () => Date;
			profile?: Partial<CrmProfile>;
		} = {}
	) {
		this.profile = { ...defaultProfile, ...options.profile };
		this.serviceCodes = new Set(options.serviceCodes ?? ['HW-POT', 'HW-LGT', 'WR-FLY']);
		this.apiKey = options.apiKey ?? null;
		this.#clock = options.clock ?? (() => new Date());
	}

	/** The Open311 endpoint to configure as CRM_URL. */
	get url(): string {
		return `http://127.0.0.1:${this.#port}${basePath}`;
	}

	get running(): boolean {
		return this.#server !== null;
	}

	/** Starts listening; after a stop, on the same port as before. */
	async start(): Promise<void> {
		if (this.#server) return;
		const server = createServer((req, res) => void this.#handle(req, res));
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(this.#port, '127.0.0.1', () => resolve());
		});
		this.#port = (server.address() as AddressInfo).port;
		this.#server = server;
	}

	/** Stops listening and cuts open connections; the stored requests are kept. */
	async stop(): Promise<void> {
		const server = this.#server;
		if (!server) return;
		this.#server = null;
		const closed = new Promise<void>((resolve) => server.close(() => resolve()));
		server.closeAllConnections();
		await closed;
	}

	/** The next call (of any kind) gets this fault. */
	faultOnce(fault: Fault): void {
		this.#once.push(fault);
	}

	/** What the CRM's staff do: change a request's status and notes. */
	setStatus(
		serviceRequestId: string,
		status: string,
		notes: string | null = null,
		externalStatusCode: string | null = null
	): void {
		const request = this.requests.find((r) => r.service_request_id === serviceRequestId);
		if (!request) throw new Error(`no request ${serviceRequestId}`);
		request.status = status;
		request.status_notes = notes;
		request.updated_datetime = this.#clock().toISOString();
		this.updates.push({
			update_id: `u${this.#nextUpdate++}`,
			service_request_id: serviceRequestId,
			status,
			external_status_code: externalStatusCode,
			description: notes,
			updated_datetime: request.updated_datetime
		});
	}

	/** Requests whose description names this Wardline reference. */
	withReference(reference: string): StoredRequest[] {
		return this.requests.filter((r) => r.attributes.wardline_reference === reference);
	}

	async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const url = new URL(req.url ?? '/', 'http://double');
		const call: Call = {
			method: req.method ?? 'GET',
			path: url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname,
			query: url.searchParams,
			form: new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
		};
		this.calls.push(call);
		if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
		if (res.destroyed) return;
		let fault = this.#once.shift() ?? this.faultWhen?.(call) ?? this.fault;
		const ext = /\.(xml|json)$/.exec(call.path)?.[1] as 'xml' | 'json' | undefined;
		// Answered as for .json; the extension only chooses how the answer is written.
		const asJson = { ...call, path: call.path.replace(/\.(xml|json)$/, '.json') };
		let lateMs = 0;
		if (fault === 'slowAnswer') {
			lateMs = this.slowAnswerMs;
			fault = null;
		} else if (call.method === 'POST' && this.profile.slowPostsMs !== null)
			lateMs = this.profile.slowPostsMs;
		if (fault) return this.#misbehave(fault, asJson, res);
		if (!ext || !this.profile.formats.includes(ext))
			return send(res, 404, [{ code: 404, description: 'No such endpoint' }], 'json');
		const [status, body] = this.#answer(asJson);
		if (lateMs > 0) await new Promise((resolve) => setTimeout(resolve, lateMs));
		if (res.destroyed || !res.socket || res.socket.destroyed) return;
		send(res, status, body, ext);
	}

	#misbehave(fault: Fault, call: Call, res: ServerResponse): void {
		switch (fault) {
			case 'html500':
				res.writeHead(500, { 'content-type': 'text/html' });
				res.end('<html><body><h1>Service Unavailable</h1><p>Flood.</p></body></html>');
				return;
			case 'htmlPage':
				res.writeHead(200, { 'content-type': 'text/html' });
				res.end('<!doctype html><title>Sign in</title><form>Sign in to the portal</form>');
				return;
			case 'json500':
				return send(res, 500, [{ code: 500, description: 'Database unavailable' }]);
			case 'wrongJson':
				return send(res, 200, { result: 'ok', items: 'none' });
			case 'acceptThenDrop':
				if (call.method === 'POST') this.#answer(call);
				res.socket?.destroy();
				return;
			case 'drop':
				res.socket?.destroy();
				return;
		}
	}

	#answer(call: Call): [number, unknown] {
		if (call.path === 'services.json' && call.method === 'GET')
			return [
				200,
				[...this.serviceCodes].map((code) => ({
					service_code: code,
					service_name: code,
					metadata: false,
					type: 'realtime'
				}))
			];
		if (call.path === 'requests.json' && call.method === 'POST') return this.#create(call.form);
		if (call.path === 'requests.json' && call.method === 'GET') {
			if (this.profile.noRequestsList)
				return [500, [{ code: 500, description: 'Not implemented' }]];
			const refused = this.#strictRefusal(call.query, requestsParams);
			if (refused) return refused;
			return [200, this.#search(call.query)];
		}
		if (
			call.path === 'servicerequestupdates.json' &&
			call.method === 'GET' &&
			this.profile.updates
		) {
			const refused = this.#strictRefusal(call.query, updatesParams);
			if (refused) return refused;
			const start = call.query.get('start_date');
			const from = start ? new Date(start).toISOString() : '';
			return [200, this.updates.filter((u) => u.updated_datetime >= from)];
		}
		const one = /^requests\/([^/]+)\.json$/.exec(call.path);
		if (one && call.method === 'GET') {
			const found = this.#visible().filter((r) => r.service_request_id === one[1]);
			return found.length ? [200, found.map(publicView)] : notFound(`Request ${one[1]} not found`);
		}
		const token = /^tokens\/([^/]+)\.json$/.exec(call.path);
		if (token && call.method === 'GET') return this.#lookUpToken(token[1]);
		return notFound('No such endpoint');
	}

	#strictRefusal(query: URLSearchParams, known: Set<string>): [number, unknown] | null {
		if (!this.profile.strict) return null;
		for (const [key, value] of query) {
			if (!known.has(key)) return [400, [{ code: 400, description: `Unknown parameter ${key}` }]];
			if (key.endsWith('_date') && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/.test(value))
				return [400, [{ code: 400, description: `Invalid date ${value}` }]];
		}
		return null;
	}

	#create(form: URLSearchParams): [number, unknown] {
		if (this.apiKey !== null && form.get('api_key') !== this.apiKey)
			return [403, [{ code: 403, description: 'Invalid api_key' }]];
		const code = form.get('service_code') ?? '';
		if (!this.serviceCodes.has(code))
			return [400, [{ code: 400, description: `Service code ${code || '(none)'} was not found` }]];
		const hasPoint = form.has('lat') && form.has('long');
		if (!hasPoint && !form.get('address_string'))
			return [400, [{ code: 400, description: 'A location is required' }]];
		const attributes: Record<string, string> = {};
		for (const [key, value] of form) {
			const name = /^attribute\[(.+)\]$/.exec(key)?.[1];
			if (name) attributes[name] = value;
		}
		const required = this.profile.requiredAttribute;
		if (required && !attributes[required])
			return [400, [{ code: 400, description: `attribute[${required}] is required` }]];
		const now = this.#clock().toISOString();
		const id = String(this.#nextId++);
		const token = this.asyncCreation || this.profile.tokens ? `token-${id}` : null;
		this.requests.push({
			service_request_id: id,
			service_code: code,
			description: form.get('description') ?? '',
			attributes,
			address_string: form.get('address_string'),
			lat: hasPoint ? Number(form.get('lat')) : null,
			long: hasPoint ? Number(form.get('long')) : null,
			first_name: form.get('first_name'),
			last_name: form.get('last_name'),
			email: form.get('email'),
			phone: form.get('phone'),
			api_key: form.get('api_key'),
			status: 'open',
			status_notes: null,
			requested_datetime: now,
			updated_datetime: now,
			token,
			made: token === null
		});
		return [200, [token ? { token } : { service_request_id: id }]];
	}

	#lookUpToken(token: string): [number, unknown] {
		const request = this.requests.find((r) => r.token === token);
		if (!request) return notFound(`Token ${token} not found`);
		const lookups = (this.#tokenLookups.get(token) ?? 0) + 1;
		this.#tokenLookups.set(token, lookups);
		if (lookups >= this.tokenLookupsBeforeMade) request.made = true;
		return [
			200,
			[request.made ? { token, service_request_id: request.service_request_id } : { token }]
		];
	}

	#visible(): StoredRequest[] {
		return [...this.others, ...this.requests].filter((r) => r.made);
	}

	/** Requests made by other channels (phone, the council's own staff), `hoursAgo` back. */
	seedOthers(count: number, hoursAgo = 24): void {
		const at = new Date(this.#clock().getTime() - hoursAgo * 3_600_000).toISOString();
		for (let i = 0; i < count; i++)
			this.others.push({
				service_request_id: `P${this.others.length + 1}`,
				service_code: [...this.serviceCodes][0] ?? 'HW-POT',
				description: 'Reported by phone',
				attributes: {},
				address_string: 'Market Square',
				lat: null,
				long: null,
				first_name: null,
				last_name: null,
				email: null,
				phone: null,
				api_key: null,
				status: 'open',
				status_notes: null,
				requested_datetime: at,
				updated_datetime: at,
				token: null,
				made: true
			});
	}

	#search(query: URLSearchParams): unknown[] {
		const list = (name: string) => query.get(name)?.split(',').filter(Boolean) ?? null;
		const ids = list('service_request_id');
		const codes = list('service_code');
		const status = query.get('status');
		const start = query.get('start_date');
		const end = query.get('end_date');
		const reference = this.searchesByReference ? query.get('wardline_reference') : null;
		const listed = this.#visible()
			.filter((r) => !this.profile.ownNotListed || r.api_key === null)
			.filter(
				(r) =>
					(!ids || ids.includes(r.service_request_id)) &&
					(!codes || codes.includes(r.service_code)) &&
					(!status || r.status === status) &&
					(!start || r.requested_datetime >= new Date(start).toISOString()) &&
					(!end || r.requested_datetime <= new Date(end).toISOString()) &&
					(!reference || r.attributes.wardline_reference === reference)
			)
			.map(publicView)
			.map((r) => (this.profile.noDescription ? { ...r, description: undefined } : r));
		return this.profile.listCap === null ? listed : listed.slice(0, this.profile.listCap);
	}
}

const requestsParams = new Set([
	'service_request_id',
	'service_code',
	'start_date',
	'end_date',
	'status',
	'jurisdiction_id'
]);
const updatesParams = new Set(['start_date', 'end_date', 'jurisdiction_id', 'api_key']);

/** What GET requests.json shows: the problem, not the person (as a real CRM's public view). */
function publicView(r: StoredRequest) {
	return {
		service_request_id: r.service_request_id,
		status: r.status,
		status_notes: r.status_notes,
		service_code: r.service_code,
		description: r.description,
		address: r.address_string,
		lat: r.lat,
		long: r.long,
		requested_datetime: r.requested_datetime,
		updated_datetime: r.updated_datetime
	};
}

const notFound = (description: string): [number, unknown] => [404, [{ code: 404, description }]];

function send(
	res: ServerResponse,
	status: number,
	body: unknown,
	ext: 'xml' | 'json' = 'json'
): void {
	if (ext === 'json') {
		res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
		res.end(JSON.stringify(body));
		return;
	}
	res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' });
	res.end(`<?xml version="1.0" encoding="utf-8"?>\n${toXml(status, body)}`);
}

const escapeXml = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function element(name: string, value: unknown): string {
	if (value === null || value === undefined || value === '') return `<${name}/>`;
	if (typeof value === 'object')
		return `<${name}>${Object.entries(value)
			.map(([k, v]) => element(k, v))
			.join('')}</${name}>`;
	return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** GeoReport v2's XML: <errors><error>, <service_requests><request>, <services><service>. */
function toXml(status: number, body: unknown): string {
	const list = Array.isArray(body) ? body : [body];
	const first = (list[0] ?? {}) as Record<string, unknown>;
	const [root, item] =
		status >= 400
			? ['errors', 'error']
			: 'service_name' in first
				? ['services', 'service']
				: 'update_id' in first
					? ['service_request_updates', 'request_update']
					: ['service_requests', 'request'];
	return `<${root}>${list.map((entry) => element(item, entry)).join('')}</${root}>`;
}
