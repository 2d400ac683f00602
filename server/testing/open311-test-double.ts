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
 * acceptThenDrop: store the POSTed request, then hang up before answering.
 */
export type Fault = 'html500' | 'json500' | 'wrongJson' | 'htmlPage' | 'drop' | 'acceptThenDrop';

export interface Call {
	method: string;
	path: string;
	query: URLSearchParams;
	form: URLSearchParams;
}

export const basePath = '/open311/v2/';

export class Open311TestDouble {
	readonly requests: StoredRequest[] = [];
	readonly calls: Call[] = [];
	serviceCodes: Set<string>;
	/** When set, a POST with another api_key gets Open311's 403. */
	apiKey: string | null;
	delayMs = 0;
	/** Every call gets this fault while it is set. */
	fault: Fault | null = null;
	/** A fault for chosen calls only (e.g. one service code). */
	faultWhen: ((call: Call) => Fault | null) | null = null;
	/** Answer POSTs with a token; the request is made after this many token look-ups. */
	asyncCreation = false;
	/** Whether GET requests.json honours `wardline_reference`; a plain Open311 CRM ignores it. */
	searchesByReference = true;
	tokenLookupsBeforeMade = 1;
	readonly #once: Fault[] = [];
	readonly #tokenLookups = new Map<string, number>();
	readonly #clock: () => Date;
	#server: Server | null = null;
	#port = 0;
	#nextId = 1000;

	constructor(options: { serviceCodes?: string[]; apiKey?: string; clock?: () => Date } = {}) {
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
	setStatus(serviceRequestId: string, status: string, notes: string | null = null): void {
		const request = this.requests.find((r) => r.service_request_id === serviceRequestId);
		if (!request) throw new Error(`no request ${serviceRequestId}`);
		request.status = status;
		request.status_notes = notes;
		request.updated_datetime = this.#clock().toISOString();
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
		const fault = this.#once.shift() ?? this.faultWhen?.(call) ?? this.fault;
		if (fault) return this.#misbehave(fault, call, res);
		const [status, body] = this.#answer(call);
		send(res, status, body);
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
		if (call.path === 'requests.json' && call.method === 'GET')
			return [200, this.#search(call.query)];
		const one = /^requests\/([^/]+)\.json$/.exec(call.path);
		if (one && call.method === 'GET') {
			const found = this.#visible().filter((r) => r.service_request_id === one[1]);
			return found.length ? [200, found.map(publicView)] : notFound(`Request ${one[1]} not found`);
		}
		const token = /^tokens\/([^/]+)\.json$/.exec(call.path);
		if (token && call.method === 'GET') return this.#lookUpToken(token[1]);
		return notFound('No such endpoint');
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
		const now = this.#clock().toISOString();
		const id = String(this.#nextId++);
		const token = this.asyncCreation ? `token-${id}` : null;
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
		return this.requests.filter((r) => r.made);
	}

	#search(query: URLSearchParams): unknown[] {
		const list = (name: string) => query.get(name)?.split(',').filter(Boolean) ?? null;
		const ids = list('service_request_id');
		const codes = list('service_code');
		const status = query.get('status');
		const start = query.get('start_date');
		const end = query.get('end_date');
		const reference = this.searchesByReference ? query.get('wardline_reference') : null;
		return this.#visible()
			.filter(
				(r) =>
					(!ids || ids.includes(r.service_request_id)) &&
					(!codes || codes.includes(r.service_code)) &&
					(!status || r.status === status) &&
					(!start || r.requested_datetime >= new Date(start).toISOString()) &&
					(!end || r.requested_datetime <= new Date(end).toISOString()) &&
					(!reference || r.attributes.wardline_reference === reference)
			)
			.map(publicView);
	}
}

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

function send(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify(body));
}
