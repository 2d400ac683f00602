// Reads and checks a JSON request body at the edge: wrong type 415; bytes that are not UTF-8,
// broken JSON or text Wardline cannot store 400; wrong shape 400. Nothing is ever repaired:
// a decoder that replaced bad bytes, or SQLite turning a lone surrogate into U+FFFD, would
// store something other than what was written.
import type { Context } from 'hono';
import { z } from 'zod';
import { describeError, isStorableText, unstorableTextMessage } from '#domain/validation';
import { ApiError } from './errors.ts';

export function isJsonContentType(value: string | undefined): boolean {
	return (value ?? '').split(';')[0].trim().toLowerCase() === 'application/json';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

interface Visit {
	value: unknown;
	key: string | null;
	parent: Visit | null;
}

const pathOf = (visit: Visit): string[] => {
	const path: string[] = [];
	for (let at: Visit | null = visit; at && at.key !== null; at = at.parent) path.unshift(at.key);
	return path;
};

/**
 * The path (["resident", "name"], ["mutations", "0", "payload", "text"]) of the first string or
 * key that cannot be stored, or null. A loop, not recursion: a body may nest thousands deep.
 */
export function findUnstorableText(value: unknown): string[] | null {
	const stack: Visit[] = [{ value, key: null, parent: null }];
	while (stack.length > 0) {
		const visit = stack.pop() as Visit;
		if (typeof visit.value === 'string') {
			if (!isStorableText(visit.value)) return pathOf(visit);
		} else if (visit.value !== null && typeof visit.value === 'object') {
			const entries = Object.entries(visit.value);
			for (let i = entries.length - 1; i >= 0; i -= 1) {
				const [key, item] = entries[i];
				const child = { value: item, key, parent: visit };
				if (!isStorableText(key)) return pathOf(child);
				stack.push(child);
			}
		}
	}
	return null;
}

export interface ReadJsonOptions {
	/**
	 * The schema refuses unstorable text itself, field by field (the push: one bad mutation is
	 * rejected alone, with its reason, rather than the whole batch with a 400).
	 */
	textCheckedBySchema?: boolean;
}

export async function readJson<S extends z.core.$ZodType>(
	c: Context,
	schema: S,
	options: ReadJsonOptions = {}
): Promise<z.infer<S>> {
	if (!isJsonContentType(c.req.header('content-type')))
		throw new ApiError(415, 'unsupported_media_type', 'Send the request as application/json.');
	let text: string;
	try {
		text = utf8.decode(await c.req.arrayBuffer());
	} catch {
		throw new ApiError(400, 'bad_encoding', 'The request body is not valid UTF-8 text.');
	}
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw new ApiError(400, 'bad_json', 'The request body is not valid JSON.');
	}
	if (!options.textCheckedBySchema) {
		const where = findUnstorableText(body);
		if (where)
			throw new ApiError(
				400,
				'bad_request',
				where.length > 0 ? `${where.join('.')}: ${unstorableTextMessage}` : unstorableTextMessage
			);
	}
	const parsed = z.safeParse(schema, body);
	if (!parsed.success) throw new ApiError(400, 'bad_request', describeError(parsed.error));
	return parsed.data;
}

/**
 * For writes whose body may be left out: none at all (the request guards have made sure a body
 * without a Content-Type is empty), or JSON that must match the schema like any other.
 */
export async function readOptionalJson<S extends z.core.$ZodType>(
	c: Context,
	schema: S
): Promise<z.infer<S> | undefined> {
	if (c.req.header('content-type') === undefined) return undefined;
	return readJson(c, schema);
}
