// How each table's rows are sealed and opened: non-personal fields stay in clear (indexes, sync
// bookkeeping), personal ones go into one sealed value bound to the table and row id, so a
// sealed value copied into another row does not open. Rows from before v2 are read as they are.
import { isSealed, type Sealer } from '../crypto/sealing.ts';
import type {
	Draft,
	LocalPhoto,
	LocalReferral,
	OutboxEntry,
	ReferralFields,
	ReferralSecrets,
	StoredDraft,
	StoredOutboxEntry,
	StoredPhoto,
	StoredReferral
} from './types.ts';

/** The additional data each sealed value is bound to. */
export const sealContext = {
	referral: (id: string) => `referrals/${id}`,
	outbox: (id: string) => `outbox/${id}`,
	photo: (id: string) => `photos/${id}`,
	draft: (id: string) => `drafts/${id}`
};

/** A referral row opened: the server's copy, before queued changes are replayed on it. */
export interface OpenedReferral {
	id: string;
	serverSeen: boolean;
	base: ReferralFields;
}

export async function sealReferral(
	sealer: Sealer,
	id: string,
	serverSeen: boolean,
	base: ReferralFields
): Promise<StoredReferral> {
	const { description, location, resident, timeline, ownerName, ...clear } = base;
	const secrets: ReferralSecrets = { description, location, resident, timeline, ownerName };
	return { ...clear, id, serverSeen, sealed: await sealer.seal(secrets, sealContext.referral(id)) };
}

export async function openReferral(sealer: Sealer, row: StoredReferral): Promise<OpenedReferral> {
	if (!isSealed(row.sealed)) {
		const legacy = row as unknown as LocalReferral;
		return { id: legacy.id, serverSeen: legacy.serverSeen, base: legacy.base };
	}
	const { sealed, id, serverSeen, ...clear } = row;
	// The unread flag and stamps are the tablet's bookkeeping, not part of the referral.
	delete clear.unread;
	delete clear.storedAt;
	delete clear.capturedMs;
	const secrets = await sealer.open<ReferralSecrets>(sealed, sealContext.referral(id));
	return { id, serverSeen, base: { ...clear, ...secrets } };
}

export async function sealOutboxEntry(
	sealer: Sealer,
	entry: OutboxEntry
): Promise<StoredOutboxEntry> {
	const { payload, authorName, ...clear } = entry;
	return {
		...clear,
		sealed: await sealer.seal({ payload, authorName }, sealContext.outbox(entry.id))
	};
}

export async function openOutboxEntry(
	sealer: Sealer,
	row: StoredOutboxEntry
): Promise<OutboxEntry> {
	if (!isSealed(row.sealed)) return row as unknown as OutboxEntry;
	const { sealed, ...clear } = row;
	const { payload, authorName } = await sealer.open<{ payload: unknown; authorName?: string }>(
		sealed,
		sealContext.outbox(row.id)
	);
	return authorName === undefined ? { ...clear, payload } : { ...clear, payload, authorName };
}

export async function sealPhoto(sealer: Sealer, photo: LocalPhoto): Promise<StoredPhoto> {
	const { blob, ...clear } = photo;
	const bytes = await blob.arrayBuffer();
	return { ...clear, sealed: await sealer.sealBytes(bytes, sealContext.photo(photo.id)) };
}

export async function openPhoto(sealer: Sealer, row: StoredPhoto): Promise<LocalPhoto> {
	if (!isSealed(row.sealed)) return row as unknown as LocalPhoto;
	const { sealed, ...clear } = row;
	const bytes = await sealer.openBytes(sealed, sealContext.photo(row.id));
	return { ...clear, blob: new Blob([bytes], { type: row.type }) };
}

export async function sealDraft(sealer: Sealer, draft: Draft): Promise<StoredDraft> {
	return {
		id: draft.id,
		updatedAt: draft.updatedAt,
		sealed: await sealer.seal(draft.data, sealContext.draft(draft.id))
	};
}

export async function openDraft(sealer: Sealer, row: StoredDraft): Promise<Draft> {
	if (!isSealed(row.sealed)) return row as unknown as Draft;
	return {
		id: row.id,
		updatedAt: row.updatedAt,
		data: await sealer.open<unknown>(row.sealed, sealContext.draft(row.id))
	};
}
