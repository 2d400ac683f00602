// The body of every error answer of the API: a code for programs and a message for people.
import * as z from 'zod/mini';

export const ErrorBody = z.object({ error: z.string(), message: z.string() });
export type ErrorBody = z.infer<typeof ErrorBody>;
