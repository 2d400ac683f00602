// Test kit: the sync engine's store in memory (outbox, the referral facts the engine writes, the
// server's copies, photos, cursor), keeping the promises SyncStore makes in ../types.ts, so the
// engine's tests need no database. The tablet's real store is src/lib/local/sync-store.ts.
import type { ServerReferral } from '../../domain/referral.ts';
import {
	waitsForReferral,
	type Mutation,
	type MutationResult
} from '../../domain/sync-protocol.ts';
import { StoreLockedError, type LocalPhotoRef, type SyncStore } from '../types.ts';

export interface MemoryReferral {
	id: string;
	reference: string | null;
	status: string;
	serverSeen: boolean;
	/** The server's copy, once pulled. */
	server: ServerReferral | null;
}

export interface MemoryOutboxRow {
	mutation: Mutation;
	state: 'pending' | 'rejected';
	lastError: string | null;
	attempts: number;
}

export interface MemoryPhoto {
	id: string;
	referralId: string;
	blob: Blob;
	type: string;
	sha256: string;
	uploaded: boolean;
}

export class MemorySyncStore implements SyncStore {
	readonly referrals = new Map<string, MemoryReferral>();
	/** In the order queued, which is the order sent. */
	readonly outbox = new Map<string, MemoryOutboxRow>();
	readonly photos = new Map<string, MemoryPhoto>();
	cursor = 0;
	/** While true, whatever needs personal data throws StoreLockedError, as a locked tablet's does. */
	locked = false;

	/** Queues a mutation as the tablet's repository does; a create brings its referral and photos. */
	queue(mutation: Mutation, photos: Omit<MemoryPhoto, 'referralId' | 'uploaded'>[] = []): void {
		if (mutation.kind === 'create') {
			this.referrals.set(mutation.referralId, {
				id: mutation.referralId,
				reference: null,
				status: 'submitted',
				serverSeen: false,
				server: null
			});
			for (const photo of photos)
				this.photos.set(photo.id, { ...photo, referralId: mutation.referralId, uploaded: false });
		}
		this.outbox.set(mutation.id, { mutation, state: 'pending', lastError: null, attempts: 0 });
	}

	private unlocked(): void {
		if (this.locked) throw new StoreLockedError();
	}

	async pendingPhotos(): Promise<LocalPhotoRef[]> {
		return [...this.photos.values()]
			.filter((p) => !p.uploaded)
			.map((p) => ({ id: p.id, referralId: p.referralId, size: p.blob.size }));
	}

	async markPhotoUploaded(id: string): Promise<void> {
		const photo = this.photos.get(id);
		if (photo) photo.uploaded = true;
	}

	async readPhoto(id: string): Promise<{ blob: Blob; type: string; sha256: string }> {
		this.unlocked();
		const photo = this.photos.get(id);
		if (!photo) throw new Error(`Photo ${id} is not on this tablet`);
		return { blob: photo.blob, type: photo.type, sha256: photo.sha256 };
	}

	async pendingMutations(limit: number, skip?: ReadonlySet<string>): Promise<Mutation[]> {
		this.unlocked();
		return [...this.outbox.values()]
			.filter((row) => row.state === 'pending' && !skip?.has(row.mutation.id))
			.slice(0, limit)
			.map((row) => structuredClone(row.mutation));
	}

	async applyResults(results: MutationResult[], at: string): Promise<void> {
		for (const result of results) {
			const row = this.outbox.get(result.id);
			if (!row) continue;
			if (result.status === 'rejected') {
				Object.assign(row, {
					state: waitsForReferral(result, row.mutation.createdAt, at) ? 'pending' : 'rejected',
					lastError: result.reason ?? null,
					attempts: row.attempts + 1
				});
				continue;
			}
			this.outbox.delete(result.id);
			const referral = this.referrals.get(row.mutation.referralId);
			if (!referral || !result.referral) continue;
			Object.assign(referral, {
				reference: result.referral.reference,
				status: result.referral.status,
				serverSeen: true
			});
		}
	}

	async getCursor(): Promise<number> {
		return this.cursor;
	}

	async applyPullPage(referrals: ServerReferral[], cursor: number): Promise<void> {
		this.unlocked();
		for (const server of referrals)
			this.referrals.set(server.id, {
				id: server.id,
				reference: server.reference,
				status: server.status,
				serverSeen: true,
				server: structuredClone(server)
			});
		this.cursor = cursor;
	}

	async counts(): Promise<{ waiting: number; attention: number }> {
		const rows = [...this.outbox.values()];
		return {
			waiting: rows.filter((r) => r.state === 'pending').length,
			attention: rows.filter((r) => r.state === 'rejected').length
		};
	}

	async dropHidden(visibleIds: string[]): Promise<{ dropped: number; missing: string[] }> {
		const visible = new Set(visibleIds);
		const unsent = new Set([...this.outbox.values()].map((row) => row.mutation.referralId));
		let dropped = 0;
		for (const referral of [...this.referrals.values()]) {
			if (visible.has(referral.id) || unsent.has(referral.id) || !referral.serverSeen) continue;
			this.referrals.delete(referral.id);
			for (const photo of [...this.photos.values()])
				if (photo.referralId === referral.id) this.photos.delete(photo.id);
			dropped += 1;
		}
		return { dropped, missing: await this.missingOf(visibleIds) };
	}

	async missingOf(ids: string[]): Promise<string[]> {
		return ids.filter((id) => !this.referrals.has(id));
	}

	async resetCursor(): Promise<void> {
		this.cursor = 0;
	}
}
