// New answers to a Member's referrals: unread until the Member opens the referral. The count
// shows in the navigation and, where the Badging API exists, on the app's icon.
import { get, set } from 'idb-keyval';
import { liveQuery } from 'dexie';
import { db } from './database.ts';

const seenKey = 'answers-seen';

/** An answer is unread when the referral was answered after the Member last opened it. */
export function isUnread(
	referral: { id: string; respondedAt: string | null },
	seen: Record<string, string>
): boolean {
	return referral.respondedAt !== null && (seen[referral.id] ?? '') < referral.respondedAt;
}

class Answers {
	seen = $state<Record<string, string>>({});
	unreadIds = $state<string[]>([]);
	unread = $derived(this.unreadIds.length);
	private started = false;
	private respondedAt = new Map<string, string>();

	start(): void {
		if (this.started) return;
		this.started = true;
		void get<Record<string, string>>(seenKey).then((stored) => {
			this.seen = stored ?? {};
			this.recount();
		});
		// Read only once unlocked: loaded then, so the unlock screen does not wait for it.
		void import('$lib/local/referrals.ts').then(({ listReferralViews }) =>
			this.watch(() => listReferralViews(db()))
		);
	}

	private watch(list: () => Promise<{ id: string; respondedAt: string | null }[]>): void {
		liveQuery(list).subscribe({
			next: (referrals) => {
				this.respondedAt = new Map(
					referrals.filter((r) => r.respondedAt).map((r) => [r.id, r.respondedAt as string])
				);
				this.recount();
			},
			error: () => undefined
		});
	}

	/** The Member opened the referral: its answer is read. */
	async markSeen(id: string, respondedAt: string | null): Promise<void> {
		if (!respondedAt || (this.seen[id] ?? '') >= respondedAt) return;
		this.seen = { ...this.seen, [id]: respondedAt };
		this.recount();
		await set(seenKey, $state.snapshot(this.seen));
	}

	private recount(): void {
		this.unreadIds = [...this.respondedAt.entries()]
			.filter(([id, respondedAt]) => isUnread({ id, respondedAt }, this.seen))
			.map(([id]) => id);
		const badge = navigator as Navigator & {
			setAppBadge?: (count: number) => Promise<void>;
			clearAppBadge?: () => Promise<void>;
		};
		const count = this.unreadIds.length;
		void (count > 0 ? badge.setAppBadge?.(count) : badge.clearAppBadge?.())?.catch(() => undefined);
	}
}

export const answers = new Answers();
