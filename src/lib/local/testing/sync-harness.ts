// Test harness: a tablet with its real Dexie store (over fake-indexeddb) and repository, its
// SyncEngine wired to a FakeServer (../../sync/testing/sync-harness.ts does the wiring and checks).
import type { CreateReferralInput } from '../../domain/referral.ts';
import {
	engineOver,
	type EngineOptions,
	type SyncedTablet
} from '../../sync/testing/sync-harness.ts';
import type { WardlineDb } from '../db.ts';
import { getReferralView, queueChange, saveNewReferral } from '../referrals.ts';
import { createDexieSyncStore } from '../sync-store.ts';
import { freshDb, sampleCreate, testDeps } from './test-fixtures.ts';

export interface Tablet extends SyncedTablet {
	db: WardlineDb;
	deps: ReturnType<typeof testDeps>;
	save(overrides?: Partial<CreateReferralInput>, photos?: number): Promise<string>;
	comment(referralId: string, text: string): Promise<string>;
	close(): Promise<void>;
}

export function makeTablet(
	label: string,
	options: EngineOptions & { db?: WardlineDb } = {}
): Tablet {
	const db = options.db ?? freshDb(label);
	const deps = testDeps();
	const tablet: Tablet = {
		...engineOver(createDexieSyncStore(db), label, options),
		db,
		deps,
		saved: [],
		comments: [],
		async save(overrides = {}, photos = 0) {
			deps.tick(1);
			const id = deps.newId();
			const photoList = Array.from({ length: photos }, (_, i) => ({
				id: deps.newId(),
				blob: new Blob([`photo ${i} of ${id}`]),
				type: 'image/jpeg'
			}));
			await saveNewReferral(
				db,
				{ id, ownerId: 'member-1', payload: sampleCreate(overrides), photos: photoList },
				deps
			);
			tablet.saved.push(id);
			return id;
		},
		async comment(referralId, text) {
			deps.tick(1);
			const result = await queueChange(db, referralId, 'comment', { text }, deps);
			if (!result.ok) throw new Error(JSON.stringify(result.errors));
			tablet.comments.push(result.mutationId);
			return result.mutationId;
		},
		outboxCount: (state) =>
			state ? db.outbox.where('state').equals(state).count() : db.outbox.count(),
		copyOf: (id) => getReferralView(db, id),
		async close() {
			tablet.engine.dispose();
			await db.delete();
		}
	};
	return tablet;
}
