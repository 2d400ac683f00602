// What every admin form does with its values: checks them with the domain schema, sends only
// what changed, and puts the server's problems ("field: message", a name taken) beside fields.
import type { z } from 'zod/mini';
import type { TransportResult } from '../../sync/types.ts';
import { fieldErrors, type FieldErrors } from '../../domain/validation.ts';

export type { FieldErrors };

/** The parsed value, or one message per field (key `_` for the form as a whole). */
export function checkForm<S extends z.ZodMiniType>(
	schema: S,
	raw: unknown
): { ok: true; value: z.infer<S> } | { ok: false; errors: FieldErrors } {
	const parsed = schema.safeParse(raw);
	return parsed.success
		? { ok: true, value: parsed.data }
		: { ok: false, errors: fieldErrors(parsed.error) };
}

/**
 * The server joins problems as "field: message; field: message". Those naming a field of this
 * form go beside it; a 409 (a name taken) goes beside `conflictField`; the rest above the form.
 */
export function serverErrors(
	answer: { status?: number; message: string },
	fields: readonly string[],
	conflictField?: string
): FieldErrors {
	if (answer.status === 409 && conflictField) return { [conflictField]: answer.message };
	const out: FieldErrors = {};
	const general: string[] = [];
	for (const part of answer.message.split('; ')) {
		const match = /^([\w.]+): (.+)$/.exec(part);
		if (match && fields.includes(match[1]) && !(match[1] in out)) out[match[1]] = match[2];
		else general.push(part);
	}
	if (general.length > 0) out._ = general.join(' ');
	return out;
}

/**
 * What a form shows once the server has answered: its problems, placed as `serverErrors` places
 * them, or none and the `saved` sentence (given what was saved).
 */
export function settled<T>(
	answer: TransportResult<T>,
	fields: readonly string[],
	saved: string | ((value: T) => string),
	conflictField?: string
): { errors: FieldErrors; saved: string | null } {
	if (!answer.ok) return { errors: serverErrors(answer, fields, conflictField), saved: null };
	return { errors: {}, saved: typeof saved === 'string' ? saved : saved(answer.value) };
}

/** The fields of `value` that differ from `before`: a PATCH then says (and audits) just those. */
export function changedValues<T extends object>(before: Partial<T>, value: T): Partial<T> {
	return Object.fromEntries(
		Object.entries(value).filter(([key, v]) => v !== undefined && before[key as keyof T] !== v)
	) as Partial<T>;
}
