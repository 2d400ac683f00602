// Turns zod's issues into the sentences a councillor reads beside each field and in the summary.
// Takes errors from either flavour of zod: zod/mini (the shared schemas) and classic (the server's).
// Also the one rule for text Wardline cannot store (a lone UTF-16 surrogate), shared by both.
import * as z from 'zod/mini';

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

export const unstorableTextMessage =
	'This text contains a character Wardline cannot store; retype it';

/**
 * False for text holding half of a UTF-16 surrogate pair (e.g. "x\uD800y", left by a broken
 * paste or an emoji cut in two). SQLite stores UTF-8, where it would silently become U+FFFD:
 * refused instead, so text is kept exactly as written or not at all.
 */
export function isStorableText(text: string): boolean {
	return !/\p{Cs}/u.test(text);
}

/** The check for a text field: refuse, never alter, text that cannot be stored. */
export const storableText = () =>
	z.refine<string>((text) => isStorableText(text), { error: unstorableTextMessage });
