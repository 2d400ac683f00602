// The order a team works in: overdue first (most overdue on top), then the newest.
import { isOpen } from '$lib/domain/status-machine.ts';
import type { Status } from '$lib/domain/enums.ts';

interface Queued {
	status: Status;
	dueAt: string | null;
	createdAt: string;
}

export function isOverdue(referral: Queued, now: Date): boolean {
	return isOpen(referral.status) && referral.dueAt !== null && new Date(referral.dueAt) < now;
}

export function queueOrder<T extends Queued>(referrals: T[], now: Date): T[] {
	return [...referrals].sort((a, b) => {
		const overdueA = isOverdue(a, now);
		const overdueB = isOverdue(b, now);
		if (overdueA !== overdueB) return overdueA ? -1 : 1;
		if (overdueA) return (a.dueAt ?? '').localeCompare(b.dueAt ?? '');
		return b.createdAt.localeCompare(a.createdAt);
	});
}
