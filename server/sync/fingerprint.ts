// What a processed mutation id stands for: a hash of its kind, referral and payload, so the same id
// sent again for a different change is told apart from a genuine resend.
import { createHash } from 'node:crypto';
import type { Mutation } from '#domain/sync-protocol';

/** JSON with object keys in sorted order, so the same payload always hashes the same. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

export function mutationFingerprint(m: Pick<Mutation, 'kind' | 'referralId' | 'payload'>): string {
	const payloadHash = createHash('sha256').update(canonical(m.payload)).digest('hex');
	return createHash('sha256').update(`${m.kind}\n${m.referralId}\n${payloadHash}`).digest('hex');
}
