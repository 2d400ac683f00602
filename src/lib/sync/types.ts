// The sync engine's ports: a store (the tablet's database), a transport (the server) and a
// cross-tab lock, handed in with a clock (../domain/clock.ts) so the engine stays plain TypeScript;
// and what the engine reports back.
import type { ServerReferral } from '../domain/referral.ts';
import type {
	Mutation,
	MutationResult,
	PullResponse,
	PushRequest,
	PushResponse,
	VisibleResponse
} from '../domain/sync-protocol.ts';

export interface LocalPhotoRef {
	id: string;
	referralId: string;
	size: number;
}

/**
 * Thrown by a store that cannot read or write the data it holds just now (the tablet is locked):
 * the engine pauses until told the store is open again, without counting it as a failure.
 */
export class StoreLockedError extends Error {
	override name = 'StoreLockedError';
	constructor(message = 'Unlock Wardline to send and receive referrals.') {
		super(message);
	}
}

export interface SyncStore {
	/** Photos not yet uploaded. */
	pendingPhotos(): Promise<LocalPhotoRef[]>;
	markPhotoUploaded(id: string): Promise<void>;
	readPhoto(id: string): Promise<{ blob: Blob; type: string; sha256: string }>;
	/** Pending (not rejected) mutations, oldest first, leaving out those named in `skip`. */
	pendingMutations(limit: number, skip?: ReadonlySet<string>): Promise<Mutation[]>;
	/**
	 * applied/duplicate: drop the outbox row and take the server's reference and status; rejected:
	 * keep it for attention, except one that waits for its referral (waitsForReferral), which stays
	 * pending.
	 */
	applyResults(results: MutationResult[], at: string): Promise<void>;
	getCursor(): Promise<number>;
	/** The server epoch the cursor belongs to; null when not known (a store from before epochs). */
	getEpoch?(): Promise<string | null>;
	/** Applies one pull page and stores its cursor (and the epoch it belongs to), atomically. */
	applyPullPage(referrals: ServerReferral[], cursor: number, epoch?: string): Promise<void>;
	/**
	 * The server was restored from a backup (a new epoch, or a cursor it is not up to): forget the
	 * cursor, take the new epoch, and queue again every acknowledged change still kept, with the
	 * photos of the referrals they create. Returns how many changes were queued again. A store
	 * without it only forgets the cursor.
	 */
	restartAfterRestore?(epoch?: string): Promise<number>;
	counts(): Promise<{ waiting: number; attention: number }>;
	/**
	 * Deletes, with their photos, the referrals the server has seen that are not in `visibleIds`
	 * and have nothing in the outbox (pending or refused). Also answers which of `visibleIds` the
	 * tablet does not hold. Needs no data key: it reads only ids and flags kept in clear.
	 */
	dropHidden(visibleIds: string[]): Promise<{ dropped: number; missing: string[] }>;
	/** Those of `ids` the tablet does not hold. */
	missingOf(ids: string[]): Promise<string[]>;
	/** Forgets the pull cursor: the next pull brings everything the user may see. */
	resetCursor(): Promise<void>;
}

export type FailureKind = 'offline' | 'auth' | 'retryable' | 'fatal';

export type TransportResult<T> =
	| { ok: true; value: T }
	| {
			ok: false;
			kind: FailureKind;
			status?: number;
			message: string;
			/** The error answer's JSON body, for the few callers that read more than its message. */
			body?: unknown;
	  };

export interface SyncTransport {
	push(req: PushRequest): Promise<TransportResult<PushResponse>>;
	/** `epoch`: the one the cursor belongs to, so the server can tell a cursor from before a restore. */
	pull(since: number, limit: number, epoch?: string): Promise<TransportResult<PullResponse>>;
	/** The id of every referral the user may see now. */
	visible(): Promise<TransportResult<VisibleResponse>>;
	putAttachment(
		id: string,
		blob: Blob,
		type: string,
		sha256: string
	): Promise<TransportResult<unknown>>;
}

/** One holder at a time per name, across tabs (Web Locks in the browser). */
export interface Lock {
	run<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export type SyncOutcome =
	| { ok: true; pushed: number; rejected: number; pulled: number }
	| { ok: false; kind: FailureKind | 'paused'; message: string };

export interface SyncStatus {
	running: boolean;
	/** The browser's hint (navigator.onLine); a failed request is the fact. null = not known yet. */
	online: boolean | null;
	lastSuccessAt: string | null;
	lastError: string | null;
	authRequired: boolean;
	/** The store is locked: nothing is sent or received until it is unlocked. */
	locked: boolean;
	nextRetryAt: number | null;
	waiting: number;
	attention: number;
}
