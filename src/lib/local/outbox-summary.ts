// How much waits to be sent: only ids, states and dates, none of them sealed, so the status bar
// and the stale-work warning read it without the sealed-row code or the data key.
import type { WardlineDb } from './db.ts';

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
