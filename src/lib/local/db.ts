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
	StoredReadMark,
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
	readMarks!: Table<StoredReadMark, string>;

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
		// v4 (issues 13, 17): the unread flag and the write stamp in clear and indexed, so counts
		// and lists never decrypt every row; read marks per person, kept until the server has them.
		this.version(4)
			.stores({
				referrals: 'id, updatedAt, status, ownerId, unread, storedAt, capturedMs',
				readMarks: 'referralId, sent'
			})
			.upgrade((tx) =>
				tx
					.table<StoredReferral, string>('referrals')
					.toCollection()
					.modify((row) => {
						Object.assign(row, stamped(row));
						// Read marks were per tablet until now: answers-seen moves to readMarks at start.
						row.unread = row.respondedAt ? 1 : 0;
					})
			);
		this.use({
			stack: 'dbcore',
			name: 'stampReferrals',
			create: (down) => ({
				...down,
				table: (tableName) => {
					const table = down.table(tableName);
					if (tableName !== 'referrals') return table;
					return {
						...table,
						mutate: (req) =>
							table.mutate(
								req.type === 'add' || req.type === 'put'
									? { ...req, values: req.values.map((row) => stamped(row as StoredReferral)) }
									: req
							)
					};
				}
			})
		});
		// Dexie 4 reopens by itself after a forced close (WebKit drops the connections of
		// backgrounded pages), so the next query after `visibilitychange` simply works.
	}
}

/** The row with its write stamp and capture instant; every put and add of a referral passes here. */
function stamped(row: StoredReferral): StoredReferral {
	const capturedMs = Date.parse(
		row.capturedAt ?? (row as { base?: { capturedAt?: string } }).base?.capturedAt ?? ''
	);
	return { ...row, storedAt: Date.now(), capturedMs: Number.isNaN(capturedMs) ? 0 : capturedMs };
}

export function openWardlineDb(name = 'wardline', sealer?: Sealer): WardlineDb {
	return new WardlineDb(name, sealer);
}
