// Turns zod's issues into the sentences a councillor reads beside each field and in the summary.
// Takes errors from either flavour of zod: zod/mini (the shared schemas) and classic (the server's).
import type { z } from 'zod/mini';

export type FieldErrors = Record<string, string>;

/** One message per field path ("resident.phone"), the first issue winning. */
export function fieldErrors(error: z.core.$ZodError): FieldErrors {
	const out: FieldErrors = {};
	for (const issue of error.issues) {
		const key = issue.path.map(String).join('.') || '_';
		if (!(key in out)) out[key] = issue.message;
	}
	return out;
}

/** One readable sentence for the whole failure, for API reasons and logs. */
export function describeError(error: z.core.$ZodError): string {
	return error.issues
		.slice(0, 5)
		.map((issue) => {
			const where = issue.path.map(String).join('.');
			if (issue.code === 'unrecognized_keys')
				return `Unknown field ${issue.keys.join(', ')}${where ? ` in ${where}` : ''}`;
			return where ? `${where}: ${issue.message}` : issue.message;
		})
		.join('; ');
}
