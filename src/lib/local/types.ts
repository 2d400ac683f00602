// The shapes Wardline keeps on the tablet: referrals as shown, the outbox, photos and drafts, and
// the rows as stored (personal fields sealed, never indexed; see sealed-rows.ts and db.ts).
import type { Sealed } from '../crypto/sealing.ts';
import type { Channel, PreferredContact, Status, Urgency } from '../domain/enums.ts';
import type { ReferenceData, MutationKind } from '../domain/sync-protocol.ts';
import type { ServerReferral, TimelineEntry } from '../domain/referral.ts';

export type SyncState = 'waiting' | 'sent' | 'attention';

export interface LocalLocation {
	address: string;
	postcode: string;
	lat?: number;
	lng?: number;
}

export interface LocalResident {
	name: string;
	address?: string;
	phone?: string;
	email?: string;
	preferredContact?: PreferredContact;
	consentToShare?: boolean;
	shareWith?: string;
	/** Outside bodies (ids from the reference data) the resident named; older referrals have none. */
	shareWithBodyIds?: string[];
}

/** The fields a referral has whoever last wrote it; `base` and the shown row share them. */
export interface ReferralFields {
	reference: string | null;
	ownerId: string;
	ownerName?: string;
	wardId: string;
	categoryId: string;
	unitId: string | null;
	channel: Channel;
	urgency: Urgency;
	status: Status;
	description: string;
	location: LocalLocation;
	resident: LocalResident;
	photoIds: string[];
	capturedAt: string;
	createdAt: string;
	updatedAt: string;
	dueAt: string | null;
	respondedAt: string | null;
	residentToldAt: string | null;
	rating: number | null;
	timeline: TimelineEntry[];
	/** Whether the council's CRM has it: "logged" or "waiting" (absent before the server has it). */
	crmState?: 'off' | 'waiting' | 'logged';
	/** Where the location fell when the council received it (issue 15); absent: not checked. */
	locationCheck?: ServerReferral['locationCheck'];
}

export interface LocalReferral extends ReferralFields {
	id: string;
	/** true once the server has it (a create result came back, or a pull brought it). */
	serverSeen: boolean;
	/**
	 * The referral as the server last told us (or as created here, before that). The shown
	 * fields are always `base` with the outbox's pending and rejected changes replayed on top,
	 * so discarding a change or pulling a newer server copy never loses or fakes anything.
	 */
	base: ReferralFields;
}

export type OutboxState = 'pending' | 'rejected';

export interface OutboxEntry {
	id: string;
	referralId: string;
	kind: MutationKind;
	payload: unknown;
	createdAt: string;
	attempts: number;
	lastError: string | null;
	state: OutboxState;
	/** Who made the change, shown on its pending timeline entry. */
	authorName?: string;
}

export interface LocalPhoto {
	id: string;
	referralId: string;
	blob: Blob;
	type: string;
	size: number;
	sha256: string;
	uploaded: 0 | 1;
}

export interface Draft {
	id: string;
	data: unknown;
	updatedAt: string;
}

export interface MetaRow {
	key: string;
	value: unknown;
}

export interface ReferralView extends LocalReferral {
	syncState: SyncState;
	/** The server's reasons for each change it refused, for "needs your attention". */
	attentionReasons: string[];
	/** Changes still waiting to be sent (pending outbox rows). */
	pendingCount: number;
	/** Timeline entry ids that are local changes not yet accepted by the server. */
	pendingTimelineIds: string[];
}

/** The fields of a referral that say something about a resident: kept sealed. */
export type ReferralSecretKey = 'description' | 'location' | 'resident' | 'timeline' | 'ownerName';
export type ReferralSecrets = Pick<ReferralFields, ReferralSecretKey>;

/**
 * A referral row as stored: the server's copy (`base`) with its non-personal fields in clear
 * for indexes and sync, the rest sealed. The shown referral is worked out when read.
 */
export interface StoredReferral extends Omit<ReferralFields, ReferralSecretKey> {
	id: string;
	serverSeen: boolean;
	sealed: Sealed;
	/**
	 * 1 while its answer is unread by this person (see read marks), else 0 or absent; indexed, so
	 * the badge is a count and never a decrypt of every row.
	 */
	unread?: 0 | 1;
	/** When this row was last written here (ms, stamped by db.ts): lists re-read only newer rows. */
	storedAt?: number;
	/** capturedAt as an instant (ms), stamped on write so the list sorts numbers, not dates. */
	capturedMs?: number;
}

/** A person's read mark, as kept on the tablet: `sent` 0 until the server has it. */
export interface StoredReadMark {
	referralId: string;
	respondedAt: string;
	sent: 0 | 1;
}

/** An outbox row as stored: the payload (and who wrote it) sealed, the queue's state in clear. */
export interface StoredOutboxEntry extends Omit<OutboxEntry, 'payload' | 'authorName'> {
	sealed: Sealed;
}

/** An outbox row the server acknowledged, kept (sealed) for 30 days in case of a restore. */
export interface StoredAcknowledged extends StoredOutboxEntry {
	acknowledgedAt: string;
}

/** A photo row as stored: the image bytes sealed; size and hash in clear for the upload. */
export interface StoredPhoto extends Omit<LocalPhoto, 'blob'> {
	sealed: Sealed;
}

export interface StoredDraft {
	id: string;
	updatedAt: string;
	sealed: Sealed;
}

export type { ReferenceData };
