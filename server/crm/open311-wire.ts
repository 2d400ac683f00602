// What the council's CRM answers in Open311 GeoReport v2, as JSON or as the XML the specification
// requires: the answers' zod schemas, and reading XML into the same shapes. No I/O here.
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';

/**
 * Real CRMs send `attributes` as an object, an array of {code|name|key, value} pairs, or an XML
 * element with one child per attribute: all become a plain record of strings; anything else, {}.
 */
function attributesOf(raw: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	const items = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? [raw] : [];
	for (const item of items) {
		if (!item || typeof item !== 'object') continue;
		const entry = item as Record<string, unknown>;
		// XML: <attributes><attribute><code>…</code><value>…</value></attribute></attributes>
		if (Array.isArray(entry.attribute)) {
			Object.assign(out, attributesOf(entry.attribute));
			continue;
		}
		const name = entry.code ?? entry.name ?? entry.key;
		if (typeof name === 'string' && 'value' in entry) {
			out[name] = String(entry.value ?? '');
			continue;
		}
		for (const [key, value] of Object.entries(entry))
			if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
				out[key] = String(value ?? '');
	}
	return out;
}

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
	attributes: z.unknown().optional().transform(attributesOf)
});
export type Open311Request = z.infer<typeof Open311Request>;

/** FixMyStreet's servicerequestupdates: one status change, with an id so it is applied once. */
export const Open311Update = z.object({
	update_id: Id,
	service_request_id: Id,
	status: z.string().min(1),
	updated_datetime: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'not a date'),
	description: optionalText,
	external_status_code: z
		.union([z.string(), z.number()])
		.nullish()
		.transform((v) => (v == null || v === '' ? null : String(v))),
	media_url: optionalText
});
export type Open311Update = z.infer<typeof Open311Update>;

export const CreateAnswer = z
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
export const TokenAnswer = z.array(
	z.object({ service_request_id: Id.nullish(), token: Id.nullish() })
);
/** A list whose items are checked one by one: a malformed item is skipped, not the list. */
export const AnyList = z.array(z.unknown());
export const Open311Errors = z.array(
	z.object({ code: z.union([z.number(), z.string()]), description: z.string() })
);

// The list elements of GeoReport v2's XML: always arrays, even with one item.
const xmlLists = new Set(['request', 'service', 'error', 'request_update', 'attribute', 'value']);
const xml = new XMLParser({
	ignoreAttributes: true,
	parseTagValue: false,
	trimValues: true,
	processEntities: true,
	isArray: (name) => xmlLists.has(name)
});
// GeoReport v2's XML roots; anything else in angle brackets is a web page or something else.
const xmlRoots = [
	'service_requests',
	'services',
	'errors',
	'service_request_updates',
	'service_definition'
];

/** XML as the JSON shape GeoReport v2 gives for it: the root's list, or null if not Open311. */
function fromXml(text: string): unknown {
	let tree: Record<string, unknown>;
	try {
		tree = xml.parse(text, true) as Record<string, unknown>;
	} catch {
		return undefined;
	}
	const root = xmlRoots.find((name) => name in tree);
	if (!root) return undefined;
	const body = tree[root];
	if (root === 'service_definition') return body;
	if (!body || typeof body !== 'object') return []; // <service_requests/>: an empty list
	const lists = Object.values(body as Record<string, unknown>).filter(Array.isArray);
	return lists.flat().map(emptyToNull);
}

/** `<description/>` parses as ''; nested XML elements (attributes) pass through. */
function emptyToNull(item: unknown): unknown {
	if (!item || typeof item !== 'object') return item;
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(item)) out[key] = value === '' ? null : value;
	return out;
}

/** Reads an answer body as JSON or GeoReport XML; `undefined` when it is neither. */
export function decode(type: string, text: string): { data: unknown; page: boolean } {
	const angled = /^\s*</.test(text);
	if (angled || type.includes('xml') || type.includes('html')) {
		const data = angled && !/^\s*<(!doctype\s+html|html)/i.test(text) ? fromXml(text) : undefined;
		return { data, page: data === undefined && (type.includes('html') || angled) };
	}
	try {
		return { data: JSON.parse(text) as unknown, page: false };
	} catch {
		return { data: undefined, page: false };
	}
}
