// Whether a referral in a team's list is overdue (the server decides the order: GET /api/referrals).
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
