// The tablet's IndexedDB database (Dexie): referrals, the outbox of unsent changes, photos,
// form drafts and cached reference data. Only ids, dates and states are indexed, never personal fields.
import { Dexie, type Table } from 'dexie';
import type { Draft, LocalPhoto, LocalReferral, MetaRow, OutboxEntry } from './types.ts';

export class WardlineDb extends Dexie {
	referrals!: Table<LocalReferral, string>;
	outbox!: Table<OutboxEntry, string>;
	photos!: Table<LocalPhoto, string>;
	drafts!: Table<Draft, string>;
	meta!: Table<MetaRow, string>;

	constructor(name: string) {
		super(name);
		this.version(1).stores({
			referrals: 'id, updatedAt, status, ownerId',
			outbox: 'id, referralId, createdAt, state',
			photos: 'id, referralId, uploaded',
			drafts: 'id',
			meta: 'key'
		});
		// Dexie 4 reopens by itself after a forced close (WebKit drops the connections of
		// backgrounded pages), so the next query after `visibilitychange` simply works.
	}
}

export function openWardlineDb(name = 'wardline'): WardlineDb {
	return new WardlineDb(name);
}
