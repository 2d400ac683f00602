// Read side of the repository: referrals joined with their outbox rows into what the UI shows
// (sent, waiting, needs attention). Plain queries over two tables, so `liveQuery` can watch them.
import type { WardlineDb } from './db.ts';
import type { LocalPhoto, LocalReferral, OutboxEntry, ReferralView } from './types.ts';

export interface AttentionItem {
	mutationId: string;
	kind: OutboxEntry['kind'];
	reason: string;
	createdAt: string;
}

export interface ReferralViewWithAttention extends ReferralView {
	/** The refused changes, so the UI can offer "try again" or "discard" on each. */
	attentionItems: AttentionItem[];
}

const refusedWithoutReason = 'The council system refused this change.';

export function toView(
	referral: LocalReferral,
	changes: readonly OutboxEntry[]
): ReferralViewWithAttention {
	const pending = changes.filter((c) => c.state === 'pending');
	const rejected = changes.filter((c) => c.state === 'rejected');
	const attentionItems = rejected.map((c) => ({
		mutationId: c.id,
		kind: c.kind,
		reason: c.lastError ?? refusedWithoutReason,
		createdAt: c.createdAt
	}));
	const timelineIds = new Set(referral.timeline.map((entry) => entry.id));
	return {
		...referral,
		syncState:
			rejected.length > 0
				? 'attention'
				: pending.length > 0 || !referral.serverSeen
					? 'waiting'
					: 'sent',
		attentionReasons: attentionItems.map((item) => item.reason),
		attentionItems,
		pendingCount: pending.length,
		pendingTimelineIds: changes.map((c) => c.id).filter((id) => timelineIds.has(id))
	};
}

function groupByReferral(changes: readonly OutboxEntry[]): Map<string, OutboxEntry[]> {
	const groups = new Map<string, OutboxEntry[]>();
	for (const change of changes) {
		const group = groups.get(change.referralId);
		if (group) group.push(change);
		else groups.set(change.referralId, [change]);
	}
	return groups;
}

/** All referrals on the tablet, newest capture first. */
export async function listReferralViews(db: WardlineDb): Promise<ReferralViewWithAttention[]> {
	return db.transaction('r', [db.referrals, db.outbox], async () => {
		const [referrals, changes] = await Promise.all([db.referrals.toArray(), db.outbox.toArray()]);
		const byReferral = groupByReferral(changes);
		return (
			referrals
				.map((referral) => toView(referral, byReferral.get(referral.id) ?? []))
				// capturedAt may carry a UTC offset, so compare instants rather than strings.
				.sort((a, b) => Date.parse(b.capturedAt) - Date.parse(a.capturedAt))
		);
	});
}

export async function getReferralView(
	db: WardlineDb,
	id: string
): Promise<ReferralViewWithAttention | undefined> {
	return db.transaction('r', [db.referrals, db.outbox], async () => {
		const referral = await db.referrals.get(id);
		if (!referral) return undefined;
		return toView(referral, await db.outbox.where('referralId').equals(id).toArray());
	});
}

/** For the status bar: how much waits to be sent, how much needs attention, since when. */
export async function outboxSummary(
	db: WardlineDb
): Promise<{ waiting: number; attention: number; oldestWaitingAt: string | null }> {
	return db.transaction('r', db.outbox, async () => {
		const [waiting, attention, oldest] = await Promise.all([
			db.outbox.where('state').equals('pending').count(),
			db.outbox.where('state').equals('rejected').count(),
			db.outbox
				.orderBy('createdAt')
				.filter((c) => c.state === 'pending')
				.first()
		]);
		return { waiting, attention, oldestWaitingAt: oldest?.createdAt ?? null };
	});
}

/** A referral's queued and refused changes, oldest first. */
export async function outboxEntriesFor(db: WardlineDb, referralId: string): Promise<OutboxEntry[]> {
	const entries = await db.outbox.where('referralId').equals(referralId).toArray();
	return entries.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** A referral's photos as kept on the tablet (Blobs, for object URLs). */
export async function photosFor(db: WardlineDb, referralId: string): Promise<LocalPhoto[]> {
	return db.photos.where('referralId').equals(referralId).toArray();
}
