// The sync engine: uploads photos, pushes the outbox, pulls changes, now and then drops copies of
// referrals the user may no longer see; one run at a time across tabs, retried with full-jitter
// backoff while failing, paused on 401 until the user signs in.
import type { Clock } from '../domain/clock.ts';
import { maxMutationsPerPush, type Mutation } from '../domain/sync-protocol.ts';
import { backoffDelay } from './backoff.ts';
import {
	StoreLockedError,
	type FailureKind,
	type Lock,
	type SyncOutcome,
	type SyncStatus,
	type SyncStore,
	type SyncTransport
} from './types.ts';

export interface SyncEngineOptions {
	store: SyncStore;
	transport: SyncTransport;
	clock: Clock;
	random: () => number;
	lock: Lock;
	deviceId: string;
	batchSize?: number;
	pageSize?: number;
	/**
	 * At most how often to ask which referrals the user may still see (it lists every id, so not
	 * at every sync); the first successful sync after start always asks. Default one hour.
	 */
	reconcileEveryMs?: number;
	/** The last successful sync remembered from an earlier session. */
	lastSuccessAt?: string | null;
	/** Called after each successful run, e.g. to persist lastSuccessAt. */
	onSuccess?: (at: string) => void;
}

type Failure = { ok: false; kind: FailureKind; message: string };
type Progress = { pushed: number; rejected: number; pulled: number };

export const syncLockName = 'wardline-sync';
export const defaultReconcileEveryMs = 60 * 60_000;

function photoIdsOf(mutation: Mutation): string[] {
	if (
		mutation.kind !== 'create' ||
		typeof mutation.payload !== 'object' ||
		mutation.payload === null
	)
		return [];
	const ids = (mutation.payload as { photoIds?: unknown }).photoIds;
	return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

export class SyncEngine {
	private readonly store: SyncStore;
	private readonly transport: SyncTransport;
	private readonly clock: Clock;
	private readonly random: () => number;
	private readonly lock: Lock;
	private readonly deviceId: string;
	private readonly batchSize: number;
	private readonly pageSize: number;
	private readonly onSuccess?: (at: string) => void;
	private readonly reconcileEveryMs: number;
	/** When the tablet last dropped what the server no longer shows; null until the first time. */
	private reconciledAt: number | null = null;

	private current: SyncStatus;
	private readonly listeners = new Set<(status: SyncStatus) => void>();
	private loop: Promise<SyncOutcome> | null = null;
	private runAgain = false;
	private attempt = 0;
	private retryTimer: unknown = null;
	private disposed = false;
	/** Why the latest sync was asked for ("start", "online", "saved", "retry"...), for diagnostics. */
	lastReason: string | null = null;

	constructor(options: SyncEngineOptions) {
		this.store = options.store;
		this.transport = options.transport;
		this.clock = options.clock;
		this.random = options.random;
		this.lock = options.lock;
		this.deviceId = options.deviceId;
		this.batchSize = Math.min(options.batchSize ?? 200, maxMutationsPerPush);
		this.pageSize = options.pageSize ?? 200;
		this.onSuccess = options.onSuccess;
		this.reconcileEveryMs = options.reconcileEveryMs ?? defaultReconcileEveryMs;
		this.current = {
			running: false,
			online: null,
			lastSuccessAt: options.lastSuccessAt ?? null,
			lastError: null,
			authRequired: false,
			locked: false,
			nextRetryAt: null,
			waiting: 0,
			attention: 0
		};
	}

	get status(): SyncStatus {
		return this.current;
	}

	/** Svelte-store compatible: the listener gets the status now and after every change. */
	subscribe(listener: (status: SyncStatus) => void): () => void {
		this.listeners.add(listener);
		listener(this.current);
		return () => this.listeners.delete(listener);
	}

	/**
	 * Runs a sync now. A call while one runs asks for one more run afterwards and resolves when
	 * that follow-up ends (so a change saved during a run is never left behind).
	 */
	sync(reason: string): Promise<SyncOutcome> {
		if (this.loop) {
			this.runAgain = true;
			return this.loop;
		}
		this.loop = this.runLoop(reason);
		return this.loop;
	}

	/** Resolves when no run is going (at once if idle). */
	async whenIdle(): Promise<void> {
		while (this.loop) await this.loop;
	}

	/** The browser says we are online: forget the backoff and try at once. */
	onOnline(): Promise<SyncOutcome> {
		this.attempt = 0;
		this.cancelRetry();
		this.update({ online: true, nextRetryAt: null });
		return this.sync('online');
	}

	onOffline(): void {
		this.update({ online: false });
	}

	/** After the user signed in again following a 401. */
	resume(): Promise<SyncOutcome> {
		this.attempt = 0;
		this.update({ authRequired: false });
		return this.sync('resume');
	}

	/** The store was unlocked: a sync paused by the lock goes on at once. */
	unlocked(): Promise<SyncOutcome> {
		this.update({ locked: false });
		return this.sync('unlocked');
	}

	async refreshCounts(): Promise<void> {
		const counts = await this.store.counts();
		this.update(counts);
	}

	dispose(): void {
		this.disposed = true;
		this.cancelRetry();
		this.listeners.clear();
	}

	private async runLoop(reason: string): Promise<SyncOutcome> {
		this.lastReason = reason;
		try {
			let outcome: SyncOutcome;
			do {
				this.runAgain = false;
				outcome = await this.runOnce();
			} while (this.runAgain && !this.disposed);
			return outcome;
		} finally {
			this.loop = null;
		}
	}

	private async runOnce(): Promise<SyncOutcome> {
		if (this.current.authRequired) {
			return { ok: false, kind: 'paused', message: 'Sign in again to send your work.' };
		}
		this.cancelRetry();
		this.update({ running: true, nextRetryAt: null });
		let outcome: SyncOutcome;
		try {
			outcome = await this.lock.run(syncLockName, () => this.exchange());
		} catch (err) {
			// A store failure (e.g. IndexedDB closed) is retried like a network failure; a locked
			// store is a pause.
			outcome = {
				ok: false,
				kind: err instanceof StoreLockedError ? 'paused' : 'retryable',
				message: err instanceof Error ? err.message : String(err)
			};
		}
		await this.finish(outcome);
		return outcome;
	}

	private async exchange(): Promise<SyncOutcome> {
		const progress: Progress = { pushed: 0, rejected: 0, pulled: 0 };
		const blockedPhotos = await this.uploadPhotos();
		if (!blockedPhotos.ok) return blockedPhotos.failure;
		const pushed = await this.pushAll(progress, blockedPhotos.ids);
		if (pushed) return pushed;
		const pulled = await this.pullAll(progress);
		if (pulled) return pulled;
		const reconciled = await this.reconcileIfDue(progress);
		if (reconciled) return reconciled;
		if (blockedPhotos.ids.size > 0) {
			return { ok: false, kind: 'fatal', message: blockedPhotos.message };
		}
		return { ok: true, ...progress };
	}

	/** Uploads every pending photo; a photo the server refuses blocks only the referral naming it. */
	private async uploadPhotos(): Promise<
		{ ok: true; ids: Set<string>; message: string } | { ok: false; failure: Failure }
	> {
		const blocked = new Set<string>();
		let message = '';
		for (const photo of await this.store.pendingPhotos()) {
			const { blob, type, sha256 } = await this.store.readPhoto(photo.id);
			const result = await this.transport.putAttachment(photo.id, blob, type, sha256);
			if (result.ok) {
				await this.store.markPhotoUploaded(photo.id);
			} else if (result.kind === 'fatal') {
				blocked.add(photo.id);
				message = `A photo could not be sent: ${result.message}`;
			} else {
				return { ok: false, failure: result };
			}
		}
		return { ok: true, ids: blocked, message };
	}

	private async pushAll(progress: Progress, blockedPhotos: Set<string>): Promise<Failure | null> {
		// Refused in this run: one left pending to wait for its referral is sent again next run.
		const refused = new Set<string>();
		for (;;) {
			const batch = await this.store.pendingMutations(this.batchSize, refused);
			const blockedReferrals = new Set(
				batch
					.filter((m) => photoIdsOf(m).some((id) => blockedPhotos.has(id)))
					.map((m) => m.referralId)
			);
			// Never push a mutation naming a photo the server does not have, nor later changes to that referral.
			const mutations = batch.filter((m) => !blockedReferrals.has(m.referralId));
			if (mutations.length === 0) return null;
			const result = await this.transport.push({ deviceId: this.deviceId, mutations });
			if (!result.ok) return result;
			const sentIds = new Set(mutations.map((m) => m.id));
			const results = result.value.results.filter((r) => sentIds.has(r.id));
			await this.store.applyResults(results, new Date(this.clock.now()).toISOString());
			progress.pushed += results.filter((r) => r.status !== 'rejected').length;
			progress.rejected += results.filter((r) => r.status === 'rejected').length;
			for (const r of results) if (r.status === 'rejected') refused.add(r.id);
			if (results.length < mutations.length) {
				// Results missing from the answer: those mutations were not delivered; resend later.
				return {
					ok: false,
					kind: 'retryable',
					message: 'The server did not confirm every change.'
				};
			}
		}
	}

	private async pullAll(progress: Progress): Promise<Failure | null> {
		let restarted = false;
		for (;;) {
			const since = await this.store.getCursor();
			const epoch = (await this.store.getEpoch?.()) ?? null;
			const result = await this.transport.pull(since, this.pageSize, epoch ?? undefined);
			if (!result.ok) return result;
			const page = result.value;
			const newEpoch = epoch !== null && page.epoch !== undefined && page.epoch !== epoch;
			if (page.reset || newEpoch) {
				// The server was restored from a backup: it may lack what this tablet sent since.
				if (restarted)
					return {
						ok: false,
						kind: 'fatal',
						message: 'The server keeps asking for everything again; try again later.'
					};
				restarted = true;
				const healed = await this.healRestoredServer(progress, page.epoch);
				if (healed) return healed;
				continue;
			}
			await this.store.applyPullPage(page.referrals, page.cursor, page.epoch);
			progress.pulled += page.referrals.length;
			if (!page.more) return null;
			if (page.cursor <= since) {
				return {
					ok: false,
					kind: 'fatal',
					message: 'The server sent more changes without moving on.'
				};
			}
		}
	}

	/**
	 * After a restore: queue again the acknowledged changes the tablet kept (30 days), send them and
	 * their photos (ids the server still has are answered duplicate), and pull from the start.
	 */
	private async healRestoredServer(
		progress: Progress,
		epoch: string | undefined
	): Promise<Failure | null> {
		if (this.store.restartAfterRestore) await this.store.restartAfterRestore(epoch);
		else await this.store.resetCursor();
		const blockedPhotos = await this.uploadPhotos();
		if (!blockedPhotos.ok) return blockedPhotos.failure;
		return this.pushAll(progress, blockedPhotos.ids);
	}

	/**
	 * Drops the tablet's copies of referrals the server no longer shows this user (passed to
	 * another unit, a Member no longer supported, an officer moved), at most once per
	 * reconcileEveryMs. Safe because it runs under the cross-tab sync lock after this run's pushes
	 * and a pull to the end: every referral this device has seen that is still visible is in the
	 * list, so only those the server no longer shows go. And the store keeps anything with an
	 * outbox row, pending or refused, and anything the server has never seen. If visible() fails
	 * the sync still counts as done; reconciledAt stays, so the next sync asks again.
	 * The other way round, the list may name referrals the tablet lacks: made since the pull (an
	 * incremental pull brings them), or older than the cursor but newly visible to this user (an
	 * officer moved to another unit): only a pull from the start brings those.
	 */
	private async reconcileIfDue(progress: Progress): Promise<Failure | null> {
		const now = this.clock.now();
		if (this.reconciledAt !== null && now - this.reconciledAt < this.reconcileEveryMs) return null;
		const visible = await this.transport.visible();
		if (!visible.ok) return null;
		const { missing } = await this.store.dropHidden(visible.value.ids);
		this.reconciledAt = now;
		if (missing.length === 0) return null;
		const caughtUp = await this.pullAll(progress);
		if (caughtUp) return caughtUp;
		if ((await this.store.missingOf(missing)).length === 0) return null;
		await this.store.resetCursor();
		return this.pullAll(progress);
	}

	private async finish(outcome: SyncOutcome): Promise<void> {
		let counts = { waiting: this.current.waiting, attention: this.current.attention };
		try {
			counts = await this.store.counts();
		} catch {
			// Keep the last known counts; the next run refreshes them.
		}
		if (outcome.ok) {
			const at = new Date(this.clock.now()).toISOString();
			this.attempt = 0;
			this.update({
				...counts,
				running: false,
				locked: false,
				online: true,
				lastSuccessAt: at,
				lastError: null,
				nextRetryAt: null
			});
			this.onSuccess?.(at);
			return;
		}
		if (outcome.kind === 'paused') {
			// Locked is a pause, not a failure: no backoff, no retry timer; unlocked() resumes.
			this.update({ ...counts, running: false, locked: true });
			return;
		}
		if (outcome.kind === 'auth') {
			this.update({ ...counts, running: false, authRequired: true, lastError: outcome.message });
			return;
		}
		const delay = backoffDelay(this.attempt, this.random);
		this.attempt += 1;
		this.update({
			...counts,
			running: false,
			online: outcome.kind === 'offline' ? false : this.current.online,
			lastError: outcome.message,
			nextRetryAt: this.disposed ? null : this.clock.now() + delay
		});
		if (!this.disposed)
			this.retryTimer = this.clock.setTimeout(() => void this.sync('retry'), delay);
	}

	private cancelRetry(): void {
		if (this.retryTimer !== null) this.clock.clearTimeout(this.retryTimer);
		this.retryTimer = null;
	}

	private update(patch: Partial<SyncStatus>): void {
		this.current = { ...this.current, ...patch };
		for (const listener of this.listeners) listener(this.current);
	}
}
