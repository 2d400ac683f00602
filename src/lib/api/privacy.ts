// The admin privacy page's calls: the audit trail, the retention policy (check and run), subject
// access (one file to download) and erasure. Online only, like every admin screen.
import * as z from 'zod/mini';
import { adminRequest } from './admin.ts';
import { jsonBody } from './request.ts';

export const AuditEntry = z.object({
	id: z.number(),
	at: z.string(),
	userId: z.string(),
	userName: z.string(),
	action: z.string(),
	referralId: z.nullable(z.string()),
	reference: z.nullable(z.string()),
	detail: z.nullable(z.string())
});
export type AuditEntry = z.infer<typeof AuditEntry>;
const AuditPage = z.object({ entries: z.array(AuditEntry), nextCursor: z.nullable(z.string()) });
export type AuditPage = z.infer<typeof AuditPage>;

export interface AuditFilters {
	reference?: string;
	userId?: string;
	from?: string;
	to?: string;
	cursor?: string;
}

export const RetentionResult = z.object({
	dryRun: z.boolean(),
	retentionDays: z.number(),
	cutoff: z.string(),
	referrals: z.array(
		z.object({
			referralId: z.string(),
			reference: z.string(),
			status: z.string(),
			endedAt: z.string(),
			photos: z.number()
		})
	),
	more: z.boolean(),
	unattachedPhotos: z.number()
});
export type RetentionResult = z.infer<typeof RetentionResult>;

/** The parts of the subject access file the page shows; the file itself is saved as it came. */
const SubjectAccessSummary = z.object({
	residents: z.array(
		z.object({
			residentKey: z.string(),
			name: z.string(),
			address: z.nullable(z.string()),
			phone: z.nullable(z.string()),
			email: z.nullable(z.string()),
			references: z.array(z.string())
		})
	),
	referrals: z.array(
		z.object({ reference: z.string(), residentKey: z.string(), status: z.string() })
	),
	mentions: z.array(z.object({ reference: z.string() }))
});
export type SubjectAccessSummary = z.infer<typeof SubjectAccessSummary>;

export const ErasureResult = z.object({
	referrals: z.number(),
	stillOpen: z.number(),
	photosDeleted: z.number(),
	timelineEntriesChanged: z.number(),
	mentionsRemoved: z.number(),
	crmServiceRequestIds: z.array(z.string())
});
export type ErasureResult = z.infer<typeof ErasureResult>;

export function searchAudit(filters: AuditFilters) {
	const query = new URLSearchParams();
	for (const [key, value] of Object.entries(filters))
		if (typeof value === 'string' && value.trim() !== '') query.set(key, value.trim());
	const text = query.toString();
	return adminRequest(`/audit${text ? `?${text}` : ''}`, { method: 'GET' }, AuditPage);
}

export const checkRetention = () =>
	adminRequest('/retention?dryRun=1', { method: 'GET' }, RetentionResult);
export const runRetention = () =>
	adminRequest('/retention/run', jsonBody('POST', {}), RetentionResult);

/**
 * Searches for a resident and answers the file's text (to save as it is) with a summary to show.
 * The file is named as the server names it: subject-access-<date>.json.
 */
export async function subjectAccess(q: string) {
	const answer = await adminRequest(
		`/subject-access?q=${encodeURIComponent(q.trim())}`,
		{ method: 'GET' },
		z.unknown()
	);
	if (!answer.ok) return answer;
	const summary = SubjectAccessSummary.safeParse(answer.value);
	if (!summary.success)
		return {
			ok: false as const,
			kind: 'fatal' as const,
			status: 200,
			message: 'The file came back in a shape Wardline cannot read.'
		};
	const generatedAt = z.object({ generatedAt: z.string() }).safeParse(answer.value);
	const day = generatedAt.success ? generatedAt.data.generatedAt.slice(0, 10) : 'today';
	return {
		ok: true as const,
		value: {
			summary: summary.data,
			fileName: `subject-access-${day}.json`,
			text: JSON.stringify(answer.value, null, 2)
		}
	};
}

/** The same file as a page to read or print; downloaded by the browser itself (a link). */
export const subjectAccessPageUrl = (q: string) =>
	`/api/admin/subject-access?q=${encodeURIComponent(q.trim())}&format=html`;

export const eraseResident = (residentKey: string) =>
	adminRequest('/subject-access/erase', jsonBody('POST', { residentKey }), ErasureResult);
