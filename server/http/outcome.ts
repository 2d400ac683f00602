// The HTTP meaning of an area's refusal: its status and error code. The areas answer values
// (server/outcome.ts); routes unwrap them, and the error handler writes `{ error, message }`.
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Outcome, Refusal, RefusalKind } from '../outcome.ts';
import { ApiError } from './errors.ts';

const answers: Record<RefusalKind, [ContentfulStatusCode, string]> = {
	invalid: [400, 'bad_request'],
	not_found: [404, 'not_found'],
	duplicate: [409, 'duplicate'],
	refused: [409, 'refused'],
	forbidden_move: [409, 'forbidden_move']
};

export function refusalError(refusal: Refusal): ApiError {
	const [status, code] = answers[refusal.kind];
	return new ApiError(status, code, refusal.reason);
}

/** The outcome's value; a refusal is thrown as the ApiError it stands for. */
export function unwrap<T>(outcome: Outcome<T>): T {
	if (outcome.ok) return outcome.value;
	throw refusalError(outcome.refusal);
}
