// Turns whatever a route threw into `{ error, message }` with the right status; a bug is a
// 500 with a generic sentence (details go to the log, never to the client).
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { diskFullMessage, isDiskFull } from './disk-full.ts';
import { ApiError } from './errors.ts';

export function handleError(error: Error, c: Context): Response {
	if (error instanceof ApiError)
		return c.json({ error: error.code, message: error.message }, error.status, error.headers);
	if (error instanceof HTTPException) {
		const status = error.status;
		return c.json(
			{
				error: status === 413 ? 'too_large' : 'http_error',
				message: error.message || 'Request failed.'
			},
			status
		);
	}
	if (isDiskFull(error)) {
		console.error(`Disk full: ${error.message}`);
		return c.json({ error: 'disk_full', message: diskFullMessage }, 503);
	}
	console.error(error);
	return c.json(
		{ error: 'internal', message: 'Something went wrong on the server. Try again in a moment.' },
		500
	);
}

export function handleNotFound(c: Context): Response {
	return c.json({ error: 'not_found', message: 'There is nothing at this address.' }, 404);
}
