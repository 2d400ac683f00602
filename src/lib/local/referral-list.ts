// The Member's list, kept in memory after unlock: each referral opened once, then only the rows
// written since (the clear `storedAt` stamp) and referrals whose queued changes moved are opened
// again. Search runs over personal fields here, in memory, never over an index.
import type { Status } from '../domain/enums.ts';
import type { WardlineDb } from './db.ts';
import { showReferral, toView, type ReferralViewWithAttention } from './referral-views.ts';
import { openOutboxEntry, openReferral } from './sealed-rows.ts';
import type { StoredOutboxEntry, StoredReferral } from './types.ts';

export interface ListRow {
	view: ReferralViewWithAttention;
	unread: boolean;
	/** capturedAt as an instant, so sorting compares numbers. */
	capturedMs: number;
	/** Lower-case reference, address, postcode (with and without its space) and resident's name. */
	haystack: string;
}

export type ListSort = 'newest' | 'oldest' | 'answered' | 'due';

export interface ListQuery {
	text: string;
	status: Status | '';
	wardId: string;
	categoryId: string;
	needsMe: boolean;
	sort: ListSort;
}

export const answeredStatuses: readonly Status[] = ['responded', 'closed', 'rejected'];
export const isAnswered = (status: Status) => answeredStatuses.includes(status);

/** Answered, and the resident not yet told or the answer not yet rated: the Member's next step. */
export const needsMember = (view: ReferralViewWithAttention) =>
	view.respondedAt !== null && (view.residentToldAt === null || view.rating === null);

function haystackOf(view: ReferralViewWithAttention): string {
	const postcode = view.location.postcode ?? '';
	return [
		view.reference ?? '',
		view.location.address,
		postcode,
		postcode.replace(/\s+/g, ''),
		view.resident.name
	]
		.join('\n')
		.toLowerCase();
}

const byNumber = (a: number, b: number) => a - b;
const sorters: Record<ListSort, (a: ListRow, b: ListRow) => number> = {
	newest: (a, b) => byNumber(b.capturedMs, a.capturedMs),
	oldest: (a, b) => byNumber(a.capturedMs, b.capturedMs),
	// ISO strings from the server (UTC, same width) compare as text.
	answered: (a, b) =>
		(b.view.respondedAt ?? '').localeCompare(a.view.respondedAt ?? '') ||
		byNumber(b.capturedMs, a.capturedMs),
	due: (a, b) =>
		(a.view.dueAt ?? '\uffff').localeCompare(b.view.dueAt ?? '\uffff') ||
		byNumber(b.capturedMs, a.capturedMs)
};

/** The rows the query asks for, in its order. */
export function queryRows(rows: Iterable<ListRow>, query: ListQuery): ListRow[] {
	const words = query.text.toLowerCase().trim().split(/\s+/).filter(Boolean);
	const out: ListRow[] = [];
	for (const row of rows) {
		const v = row.view;
		if (query.status && v.status !== query.status) continue;
		if (query.wardId && v.wardId !== query.wardId) continue;
		if (query.categoryId && v.categoryId !== query.categoryId) continue;
		if (query.needsMe && !needsMember(v)) continue;
		if (words.length > 0 && !words.every((w) => row.haystack.includes(w))) continue;
		out.push(row);
	}
	return out.sort(sorters[query.sort]);
}

const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const chunkSize = 250;

export class ReferralListCache {
	readonly rows = new Map<string, ListRow>();
	private since = 0;
	/** Per referral, what its queued changes looked like when last shown. */
	private changeShapes = new Map<string, string>();

	constructor(private readonly db: WardlineDb) {}

	/** The newest `count` captures, read through the index and opened, before anything else. */
	async first(count: number): Promise<ListRow[]> {
		const rows = await this.db.referrals.orderBy('capturedMs').reverse().limit(count).toArray();
		const changes = await this.db.outbox
			.where('referralId')
			.anyOf(rows.map((r) => r.id))
			.toArray();
		return this.openRows(rows, changes);
	}

	/**
	 * Brings the cache up to date: rows stored since the last pass and referrals whose queued
	 * changes moved are opened again, deleted ones go. `onProgress` after each chunk.
	 */
	async refresh(onProgress?: (done: number, total: number) => void): Promise<void> {
		const since = this.since;
		const started = Date.now();
		const [changed, outbox, keys] = await this.db.transaction(
			'r',
			[this.db.referrals, this.db.outbox],
			() =>
				Promise.all([
					// The first pass reads in pages below (no one long read); later ones read what changed.
					since === 0 ? [] : this.db.referrals.where('storedAt').aboveOrEqual(since).toArray(),
					this.db.outbox.toArray(),
					this.db.referrals.toCollection().primaryKeys()
				])
		);
		const stored = since === 0 ? null : changed;
		const held = new Set(keys);
		for (const id of this.rows.keys()) {
			if (!held.has(id)) {
				this.rows.delete(id);
			}
		}
		const shapes = new Map<string, string>();
		for (const c of outbox) {
			const shape = `${c.id}:${c.state}:${c.lastError ?? ''};`;
			shapes.set(c.referralId, (shapes.get(c.referralId) ?? '') + shape);
		}
		const restored = stored ? new Set(stored.map((r) => r.id)) : held;
		const moved = [...new Set([...shapes.keys(), ...this.changeShapes.keys()])].filter(
			(id) => !restored.has(id) && held.has(id) && shapes.get(id) !== this.changeShapes.get(id)
		);
		this.changeShapes = shapes;
		const total = (stored?.length ?? keys.length) + moved.length;
		let done = 0;
		if (stored) {
			for (let i = 0; i < stored.length; i += chunkSize) {
				await this.openRows(stored.slice(i, i + chunkSize), outbox);
				done += Math.min(chunkSize, stored.length - i);
				onProgress?.(done, total);
				await yieldToPage();
			}
		} else {
			// Page by id: each read is one chunk, so no single read holds the page for long.
			let after: string | null = null;
			for (;;) {
				const from: string | null = after;
				const page: StoredReferral[] = await (
					from === null
						? this.db.referrals.orderBy(':id')
						: this.db.referrals.where(':id').above(from)
				)
					.limit(chunkSize)
					.toArray();
				if (page.length === 0) break;
				await this.openRows(page, outbox);
				done += page.length;
				onProgress?.(done, total);
				after = page[page.length - 1].id;
				await yieldToPage();
			}
		}
		if (moved.length > 0) {
			const rows = (await this.db.referrals.bulkGet(moved)).filter(
				(r): r is StoredReferral => r !== undefined
			);
			await this.openRows(rows, outbox);
			onProgress?.(total, total);
		}
		// A row written in the same millisecond as this pass began is read again next time.
		this.since = Math.max(since, started);
	}

	private async openRows(rows: StoredReferral[], outbox: StoredOutboxEntry[]): Promise<ListRow[]> {
		const ids = new Set(rows.map((r) => r.id));
		const ownRows = outbox.filter((c) => ids.has(c.referralId));
		const [opened, changes] = await Promise.all([
			Promise.all(rows.map((row) => openReferral(this.db.sealer, row))),
			Promise.all(ownRows.map((row) => openOutboxEntry(this.db.sealer, row)))
		]);
		return opened.map((referral, i) => {
			const own = changes
				.filter((c) => c.referralId === referral.id)
				.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
			const view = toView(showReferral(referral, own), own);
			const row: ListRow = {
				view,
				unread: rows[i].unread === 1,
				capturedMs: rows[i].capturedMs ?? 0,
				haystack: haystackOf(view)
			};
			this.rows.set(referral.id, row);
			return row;
		});
	}
}
