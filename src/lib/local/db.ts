// The tablet's IndexedDB database (Dexie): referrals, the outbox of unsent changes, photos,
// form drafts and cached reference data. Only ids, dates and states are indexed, never personal fields.
import { Dexie, type Table } from 'dexie';
import { Sealer } from '../crypto/sealing.ts';
import type {
	MetaRow,
	StoredDraft,
	StoredAcknowledged,
	StoredOutboxEntry,
	StoredPhoto,
	StoredReferral
} from './types.ts';

/** Set by the v2 upgrade: rows written in clear by v1 wait to be sealed at the next unlock. */
export const legacyRowsKey = 'legacyRows';

export class WardlineDb extends Dexie {
	referrals!: Table<StoredReferral, string>;
	outbox!: Table<StoredOutboxEntry, string>;
	photos!: Table<StoredPhoto, string>;
	drafts!: Table<StoredDraft, string>;
	meta!: Table<MetaRow, string>;
	acknowledged!: Table<StoredAcknowledged, string>;

	/**
	 * @param sealer holds the data key while unlocked; every personal field read or written goes
	 *   through it (see sealed-rows.ts). Tests hand in one already unlocked.
	 */
	constructor(
		name: string,
		readonly sealer: Sealer = new Sealer()
	) {
		super(name);
		this.version(1).stores({
			referrals: 'id, updatedAt, status, ownerId',
			outbox: 'id, referralId, createdAt, state',
			photos: 'id, referralId, uploaded',
			drafts: 'id',
			meta: 'key'
		});
		// v2: same indexes, but personal fields are sealed (`sealed: { iv, data }`). WebCrypto cannot
		// run inside an upgrade transaction, so v1 rows are only flagged here and sealed at unlock.
		this.version(2)
			.stores({})
			.upgrade((tx) => tx.table('meta').put({ key: legacyRowsKey, value: true }));
		// v3: changes the server acknowledged, kept sealed for 30 days to heal a restored server.
		this.version(3).stores({ acknowledged: 'id, acknowledgedAt' });
		// Dexie 4 reopens by itself after a forced close (WebKit drops the connections of
		// backgrounded pages), so the next query after `visibilitychange` simply works.
	}
}

export function openWardlineDb(name = 'wardline', sealer?: Sealer): WardlineDb {
	return new WardlineDb(name, sealer);
}
