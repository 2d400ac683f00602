// New answers to this person's referrals: unread until they open the referral (on any of their
// tablets: read marks are synced per person) or choose "mark all as read". The count is read
// from an index, never by decrypting rows, and also shows on the app's icon (Badging API).
import { del, get } from 'idb-keyval';
import { exchangeReadMarks } from '$lib/api/read-marks.ts';
import {
	adoptTabletMarks,
	countUnread,
	markAllRead,
	markRead,
	mergeReadMarks,
	unsentReadMarks
} from '$lib/local/read-marks.ts';
import { db } from './database.ts';
import { watchThrottled } from './throttled-watch.ts';

/** Where the marks were kept per tablet before they were per person. */
const tabletMarksKey = 'answers-seen';
const exchangeEveryMs = 60_000;

class Answers {
	unread = $state(0);
	private started = false;
	private exchanging: Promise<void> | null = null;

	start(): void {
		if (this.started) return;
		this.started = true;
		watchThrottled(
			() => countUnread(db()),
			(count) => {
				this.unread = count;
				setBadge(count);
			}
		);
		void this.adoptTabletMarks().then(() => this.exchange());
		window.addEventListener('online', () => void this.exchange());
		setInterval(() => {
			if (document.visibilityState === 'visible') void this.exchange();
		}, exchangeEveryMs);
	}

	private async adoptTabletMarks(): Promise<void> {
		const seen = await get<Record<string, string>>(tabletMarksKey).catch(() => undefined);
		if (!seen) return;
		await adoptTabletMarks(db(), seen);
		await del(tabletMarksKey);
	}

	/** Sends this tablet's new marks and takes the person's others; offline, it waits. */
	exchange(): Promise<void> {
		this.exchanging ??= (async () => {
			try {
				const unsent = await unsentReadMarks(db());
				const answer = await exchangeReadMarks(unsent);
				if (answer.ok) await mergeReadMarks(db(), unsent, answer.value);
			} catch {
				// Kept unsent; the next exchange takes them.
			} finally {
				this.exchanging = null;
			}
		})();
		return this.exchanging;
	}

	/** The person opened the referral: its answer is read, here and soon on their other tablets. */
	async markSeen(id: string, respondedAt: string | null): Promise<void> {
		if (!respondedAt) return;
		if (await markRead(db(), id, respondedAt)) void this.exchange();
	}

	async markAllRead(): Promise<number> {
		const count = await markAllRead(db());
		if (count > 0) void this.exchange();
		return count;
	}
}

function setBadge(count: number): void {
	const badge = navigator as Navigator & {
		setAppBadge?: (count: number) => Promise<void>;
		clearAppBadge?: () => Promise<void>;
	};
	void (count > 0 ? badge.setAppBadge?.(count) : badge.clearAppBadge?.())?.catch(() => undefined);
}

export const answers = new Answers();
