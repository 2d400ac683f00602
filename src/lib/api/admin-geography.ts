// Admin: the council's geography (GET /api/admin/geography; POST …/wards and …/postcodes with the
// file as the body, ?check=1 to report only). A refused file still answers with its report.
import * as z from 'zod/mini';
import { ImportAnswer, type ImportKind, type ImportReport } from '../domain/geography-import.ts';
import { adminRequest, adminWording } from './admin.ts';
import { createRequest } from './request.ts';

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
	adminRequest('/geography', { method: 'GET' }, GeographyStatus);

/** Imports can take a while: a 50 MB file is read whole and checked row by row. */
const importRequest = createRequest({
	baseUrl: '/api/admin/geography',
	wording: adminWording,
	timeoutMs: 120_000,
	keepErrorBody: true
});

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
	const sent = await importRequest(
		`/${kind}${query}`,
		{ method: 'POST', headers: { 'content-type': contentType[kind] }, body: file },
		ImportAnswer
	);
	if (sent.ok) return { ok: true, report: sent.value.report };
	// A refused file still answers with its report: what was read, and each row refused.
	const answer = ImportAnswer.safeParse(sent.body);
	return { ok: false, message: sent.message, report: answer.success ? answer.data.report : null };
}
