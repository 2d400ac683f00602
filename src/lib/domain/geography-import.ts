// What an admin's geography import answers: what it read, matched, skipped and refused (line by
// line), and for boundaries how each ward in the file was matched. The admin page parses it.
import * as z from 'zod/mini';

export const importKinds = ['wards', 'postcodes'] as const;
export type ImportKind = (typeof importKinds)[number];

/** Largest file an import takes; its route alone has this body limit. */
export const geographyFileLimitBytes = 50 * 1024 * 1024;
/** At most this many refusals are listed (all are counted). */
export const maxListedRefusals = 200;

export const Refusal = z.object({
	/** The CSV line, or the feature's number (1 = the first) in a GeoJSON file. */
	line: z.number(),
	reason: z.string()
});
export type Refusal = z.infer<typeof Refusal>;

/** How a ward in a boundary file was matched to Wardline's wards. */
export const WardMatch = z.object({
	code: z.string(),
	name: z.string(),
	wardId: z.nullable(z.string()),
	/** code: by its ONS code; link: the admin chose the ward; name: a ward with no code and the same name; new: a new ward. */
	how: z.enum(['code', 'link', 'name', 'new']),
	/** The ward was retired and comes back into use. */
	reactivated: z.optional(z.boolean())
});
export type WardMatch = z.infer<typeof WardMatch>;

export const ImportReport = z.object({
	kind: z.enum(importKinds),
	applied: z.boolean(),
	read: z.number(),
	matched: z.number(),
	skipped: z.array(z.object({ reason: z.string(), count: z.number() })),
	refusedCount: z.number(),
	refused: z.array(Refusal),
	/** A problem with the whole file (not JSON, a missing column): nothing else was read. */
	problem: z.optional(z.string()),
	notes: z.array(z.string()),
	wards: z.optional(z.array(WardMatch)),
	/** Wards whose code is not in the file: retired by this import. */
	retired: z.optional(z.array(z.object({ wardId: z.string(), name: z.string() }))),
	/** Wards with no code yet, which a ward in the file may be linked to. */
	linkable: z.optional(z.array(z.object({ wardId: z.string(), name: z.string() })))
});
export type ImportReport = z.infer<typeof ImportReport>;

/** The answer of a check or an import: 200 with the report, or 400 with it when refused. */
export const ImportAnswer = z.object({ report: ImportReport });
