// Reads and checks a JSON request body at the edge: wrong type 415, broken JSON 400, wrong shape 400.
import type { Context } from 'hono';
import { z } from 'zod';
import { describeError } from '#domain/validation';
import { ApiError } from './errors.ts';

export function isJsonContentType(value: string | undefined): boolean {
	return (value ?? '').split(';')[0].trim().toLowerCase() === 'application/json';
}

export async function readJson<S extends z.core.$ZodType>(
	c: Context,
	schema: S
): Promise<z.infer<S>> {
	if (!isJsonContentType(c.req.header('content-type')))
		throw new ApiError(415, 'unsupported_media_type', 'Send the request as application/json.');
	let body: unknown;
	try {
		body = await c.req.json();
	} catch {
		throw new ApiError(400, 'bad_json', 'The request body is not valid JSON.');
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
