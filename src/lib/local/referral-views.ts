// Read side of the repository: referrals joined with their outbox rows into what the UI shows
// (sent, waiting, needs attention). Plain queries over two tables, so `liveQuery` can watch them;
// rows are opened after the read transaction, and the queued changes replayed on the server's copy.
import type { WardlineDb } from './db.ts';
export { outboxSummary } from './outbox-summary.ts';
import { replayChanges } from './pending-changes.ts';
import { openOutboxEntry, openPhoto, openReferral, type OpenedReferral } from './sealed-rows.ts';
import type {
	LocalPhoto,
	LocalReferral,
	OutboxEntry,
	ReferralView,
	StoredOutboxEntry,
	StoredReferral
} from './types.ts';

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

/** The referral as shown: the server's copy with the queued and refused changes replayed on top. */
export function showReferral(
	opened: OpenedReferral,
	changes: readonly OutboxEntry[]
): LocalReferral {
	return {
		...replayChanges(opened.base, changes),
		id: opened.id,
		serverSeen: opened.serverSeen,
		base: opened.base
	};
}

function openEntries(db: WardlineDb, rows: StoredOutboxEntry[]): Promise<OutboxEntry[]> {
	return Promise.all(rows.map((row) => openOutboxEntry(db.sealer, row)));
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
export async function listReferralViews(
	db: WardlineDb,
	/** On the fields kept in clear: only the rows it keeps are opened. */
	only?: (row: StoredReferral) => boolean
): Promise<ReferralViewWithAttention[]> {
	const [rows, changeRows] = await db.transaction('r', [db.referrals, db.outbox], async () => {
		if (!only) return Promise.all([db.referrals.toArray(), db.outbox.toArray()]);
		const kept = await db.referrals.filter(only).toArray();
		const ids = kept.map((row) => row.id);
		return [kept, await db.outbox.where('referralId').anyOf(ids).toArray()] as const;
	});
	const [referrals, changes] = await Promise.all([
		Promise.all(rows.map((row) => openReferral(db.sealer, row))),
		openEntries(db, changeRows)
	]);
	const byReferral = groupByReferral(changes);
	// capturedAt may carry a UTC offset, so compare instants rather than strings; each is parsed
	// once, not in the comparator.
	return referrals
		.map((referral) => {
			const own = byReferral.get(referral.id) ?? [];
			const view = toView(showReferral(referral, own), own);
			return { view, at: Date.parse(view.capturedAt) };
		})
		.sort((a, b) => b.at - a.at)
		.map(({ view }) => view);
}

export async function getReferralView(
	db: WardlineDb,
	id: string
): Promise<ReferralViewWithAttention | undefined> {
	const [row, changeRows] = await db.transaction('r', [db.referrals, db.outbox], () =>
		Promise.all([db.referrals.get(id), db.outbox.where('referralId').equals(id).toArray()])
	);
	if (!row) return undefined;
	const [referral, changes] = await Promise.all([
		openReferral(db.sealer, row),
		openEntries(db, changeRows)
	]);
	return toView(showReferral(referral, changes), changes);
}

/** A referral's queued and refused changes, oldest first. */
export async function outboxEntriesFor(db: WardlineDb, referralId: string): Promise<OutboxEntry[]> {
	const entries = await openEntries(
		db,
		await db.outbox.where('referralId').equals(referralId).toArray()
	);
	return entries.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** A referral's photos as kept on the tablet (Blobs, for object URLs). */
export async function photosFor(db: WardlineDb, referralId: string): Promise<LocalPhoto[]> {
	const rows = await db.photos.where('referralId').equals(referralId).toArray();
	return Promise.all(rows.map((row) => openPhoto(db.sealer, row)));
}
