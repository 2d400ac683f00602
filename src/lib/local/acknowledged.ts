// Changes the server acknowledged, kept sealed on the tablet for 30 days: if the server is restored
// from a backup older than them, the tablet sends them again (ids it already has are duplicates).
import { isSealed } from '../crypto/sealing.ts';
import type { WardlineDb } from './db.ts';
import type { StoredAcknowledged, StoredOutboxEntry } from './types.ts';

export const keepAcknowledgedMs = 30 * 24 * 60 * 60_000;

/**
 * Moves an outbox row the server acknowledged into `acknowledged` (still sealed as it was), and
 * forgets those older than 30 days. Call inside a 'rw' transaction on outbox and acknowledged.
 */
export async function keepAcknowledged(
	db: WardlineDb,
	entry: StoredOutboxEntry,
	at: string
): Promise<void> {
	// A row from before encryption at rest (v1) is not kept: nothing personal is kept in clear.
	if (isSealed(entry.sealed)) await db.acknowledged.put({ ...entry, acknowledgedAt: at });
	const atMs = Date.parse(at);
	if (Number.isNaN(atMs)) return;
	const cutoff = new Date(atMs - keepAcknowledgedMs).toISOString();
	await db.acknowledged.where('acknowledgedAt').below(cutoff).delete();
}

/**
 * After the server was restored from a backup: every kept acknowledged change goes back into the
 * outbox to be sent again, and the photos of referrals it creates are uploaded again. Changes the
 * restored server refused are tried again too: it may have refused them only for lacking what
 * came before (a comment on a referral it lost). Returns how many acknowledged changes were
 * queued again. Call inside a 'rw' transaction on outbox, acknowledged and photos.
 */
export async function requeueAcknowledged(db: WardlineDb): Promise<number> {
	const kept: StoredAcknowledged[] = await db.acknowledged.toArray();
	const requeued: StoredOutboxEntry[] = kept.map(({ acknowledgedAt: _at, ...entry }) => ({
		...entry,
		state: 'pending',
		attempts: 0,
		lastError: null
	}));
	// A change still in the outbox (queued again meanwhile) keeps its row as it is.
	const inOutbox = new Set(
		await db.outbox
			.bulkGet(requeued.map((e) => e.id))
			.then((rows) => rows.flatMap((r) => (r ? [r.id] : [])))
	);
	await db.outbox.bulkPut(requeued.filter((e) => !inOutbox.has(e.id)));
	await db.acknowledged.clear();
	const refused = await db.outbox.where('state').equals('rejected').toArray();
	await db.outbox.where('state').equals('rejected').modify({ state: 'pending' });
	// A create refused for naming a photo the restored server lost needs that photo sent again too.
	const created = [...requeued, ...refused]
		.filter((e) => e.kind === 'create')
		.map((e) => e.referralId);
	if (created.length > 0)
		await db.photos.where('referralId').anyOf(created).modify({ uploaded: 0 });
	return requeued.length;
}
