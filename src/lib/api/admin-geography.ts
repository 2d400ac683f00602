// Admin: the council's geography (GET /api/admin/geography; POST …/wards and …/postcodes with the
// file as the body, ?check=1 to report only). A refused file still answers with its report.
import * as z from 'zod/mini';
import { ErrorBody } from '../domain/error-body.ts';
import { ImportAnswer, type ImportKind, type ImportReport } from '../domain/geography-import.ts';
import { apiCall } from './client.ts';
import { fetchWithTimeout, unreachableMessage } from './fetch.ts';

export const GeographyStatus = z.object({
	versions: z.object({ boundaries: z.nullable(z.number()), postcodes: z.nullable(z.number()) }),
	wards: z.array(
		z.object({
			id: z.string(),
			name: z.string(),
			code: z.nullable(z.string()),
			active: z.boolean(),
			hasBoundary: z.boolean(),
			postcodes: z.number()
		})
	),
	imports: z.array(
		z.object({
			id: z.number(),
			kind: z.enum(['wards', 'postcodes']),
			at: z.string(),
			by: z.string(),
			read: z.number(),
			matched: z.number()
		})
	)
});
export type GeographyStatus = z.infer<typeof GeographyStatus>;

export const fetchGeographyStatus = () =>
	apiCall('/api/admin/geography', { method: 'GET' }, GeographyStatus);

export type ImportResult =
	{ ok: true; report: ImportReport } | { ok: false; message: string; report: ImportReport | null };

const contentType: Record<ImportKind, string> = {
	wards: 'application/geo+json',
	postcodes: 'text/csv'
};

/** Sends the file as it is (no reading it into the page first); imports can take a while. */
export async function sendGeographyFile(
	kind: ImportKind,
	file: Blob,
	options: { check: boolean; links?: Record<string, string> }
): Promise<ImportResult> {
	const params = new URLSearchParams();
	if (options.check) params.set('check', '1');
	for (const [code, wardId] of Object.entries(options.links ?? {}))
		if (wardId) params.append('link', `${code}:${wardId}`);
	const query = params.size > 0 ? `?${params}` : '';
	const sent = await fetchWithTimeout(
		(input, init) => globalThis.fetch(input, init),
		`/api/admin/geography/${kind}${query}`,
		{ method: 'POST', headers: { 'content-type': contentType[kind] }, body: file },
		120_000
	);
	if (!sent.ok) return { ok: false, message: unreachableMessage, report: null };
	let json: unknown = null;
	try {
		json = await sent.value.json();
	} catch {
		json = null;
	}
	const answer = ImportAnswer.safeParse(json);
	if (sent.value.ok && answer.success) return { ok: true, report: answer.data.report };
	const error = ErrorBody.safeParse(json);
	return {
		ok: false,
		message: error.success ? error.data.message : 'The server could not read the file. Try again.',
		report: answer.success ? answer.data.report : null
	};
}
