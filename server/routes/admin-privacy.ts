// Admin privacy tools: the retention policy (/api/admin/retention: what is due, run it now) and
// subject access (/api/admin/subject-access: one downloadable file, and erasure on request).
import { z } from 'zod';
import { describeError } from '#domain/validation';
import type { AppDeps } from '../context.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { readJson, readOptionalJson } from '../http/json-body.ts';
import { eraseResident } from '../privacy/erasure.ts';
import { runRetention } from '../privacy/retention.ts';
import { subjectAccessFile } from '../privacy/subject-access.ts';
import { subjectAccessHtml } from '../privacy/subject-access-html.ts';
import { adminRouter } from './admin-common.ts';

// GET never changes anything, so dryRun=1 is the only run it makes; it may be left out.
const RetentionQuery = z.strictObject({
	dryRun: z.enum(['1', 'true'], { error: 'A list is always a dry run: use dryRun=1' }).optional()
});

const NoOptions = z.strictObject({});

const SubjectAccessQuery = z.strictObject({
	q: z
		.string({ error: 'Give the resident’s name, email address or phone number as q' })
		.trim()
		.min(2, { error: 'Give at least 2 characters of the name, email address or phone number' })
		.max(254, { error: 'Keep the search under 254 characters' }),
	/** json (the default): the file to check and keep; html: the same as a page to read or print. */
	format: z.enum(['json', 'html'], { error: 'format is json or html' }).optional().default('json')
});

export const ResidentKey = z
	.string({ error: 'Give the residentKey from the subject access file' })
	.regex(/^[0-9a-f]{64}$/, { error: 'That is not a residentKey from a subject access file' });

const EraseBody = z.strictObject({ residentKey: ResidentKey });

const parse = <S extends z.ZodType>(schema: S, query: Record<string, string>): z.infer<S> => {
	const parsed = schema.safeParse(query);
	if (!parsed.success) throw badRequest(describeError(parsed.error));
	return parsed.data;
};

/** Mounted at /api/admin/retention. */
export function retentionRoutes(deps: AppDeps) {
	return adminRouter(deps)
		.get('/', (c) => {
			parse(RetentionQuery, c.req.query());
			c.header('Cache-Control', 'no-store');
			return c.json(runRetention(deps, { dryRun: true }), 200);
		})
		.post('/run', async (c) => {
			await readOptionalJson(c, NoOptions);
			return c.json(runRetention(deps, { dryRun: false, actorId: c.get('user').id }), 200);
		});
}

/** Mounted at /api/admin/subject-access. */
export function subjectAccessRoutes(deps: AppDeps) {
	return adminRouter(deps)
		.get('/', (c) => {
			const { q, format } = parse(SubjectAccessQuery, c.req.query());
			const file = subjectAccessFile(deps, c.get('user'), q);
			const day = file.generatedAt.slice(0, 10);
			if (format === 'html')
				return c.body(subjectAccessHtml(file), 200, {
					'Content-Type': 'text/html; charset=utf-8',
					'Content-Disposition': `attachment; filename="subject-access-${day}.html"`,
					'Cache-Control': 'no-store'
				});
			return c.body(JSON.stringify(file, null, 2), 200, {
				'Content-Type': 'application/json; charset=utf-8',
				'Content-Disposition': `attachment; filename="subject-access-${day}.json"`,
				'Cache-Control': 'no-store'
			});
		})
		.post('/erase', async (c) => {
			const { residentKey } = await readJson(c, EraseBody);
			const result = eraseResident(deps, c.get('user'), residentKey);
			if (!result)
				throw notFound(
					'Nothing is held under that residentKey: it is not one Wardline gave, or it was erased already.'
				);
			return c.json(result, 200);
		});
}
