// Expected HTTP failures as values with a status, an error code and a sentence for people;
// the app's error handler turns them into `{ error, message }`.
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export class ApiError extends Error {
	constructor(
		readonly status: ContentfulStatusCode,
		readonly code: string,
		message: string,
		/** Sent with the answer, e.g. Retry-After with a 429. */
		readonly headers: Record<string, string> = {}
	) {
		super(message);
	}
}

export const notFound = (message = 'That referral does not exist, or is not yours to see.') =>
	new ApiError(404, 'not_found', message);

export const badRequest = (message: string) => new ApiError(400, 'bad_request', message);

export const forbidden = (message = 'You are not allowed to do that.') =>
	new ApiError(403, 'forbidden', message);
