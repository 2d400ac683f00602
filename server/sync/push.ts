// Applies a pushed batch in one SQLite transaction, each mutation in a savepoint together with its
// processed_mutations row: a rejected mutation rolls back alone, a crash leaves the batch either
// fully applied or not at all (one sync to disk covers it), and a resend of an applied mutation is
// answered from the stored result without a second effect.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { parseChange } from '#domain/mutations';
import { CreateReferral } from '#domain/referral';
import { Mutation, type MutationResult } from '#domain/sync-protocol';
import { describeError } from '#domain/validation';
import type { AppDeps, SessionUser } from '../context.ts';
import { preparedOnce } from '../db/prepared.ts';
import { processedMutations } from '../db/schema.ts';
import { findReferral, summary, type ReferralRow } from '../referrals/store.ts';
import { applyCreate } from './create-referral.ts';
import { mutationFingerprint } from './fingerprint.ts';
import { MutationRejected, reject, type AppliedOutcome } from './rejection.ts';
import { applyChangeToRow, ownReferral } from './referral-mutations.ts';

function parsePayload<S extends z.core.$ZodType>(schema: S, payload: unknown): z.infer<S> {
	const parsed = z.safeParse(schema, payload);
	if (!parsed.success) reject(describeError(parsed.error));
	return parsed.data;
}

function applyMutation(
	deps: AppDeps,
	user: SessionUser,
	deviceId: string,
	m: Mutation
): AppliedOutcome {
	if (m.kind === 'create')
		return applyCreate(deps, user, deviceId, m.referralId, parsePayload(CreateReferral, m.payload));
	// Check the payload before the referral, so a malformed change says so even on a missing referral.
	const parsed = parseChange(m.kind, m.payload);
	if (!parsed.success) return reject(describeError(parsed.error));
	const row = ownReferral(deps, user, m.referralId);
	// "Resident told" carries nothing about the resident, so it is never refused for being older.
	const current = m.kind === 'residentTold' ? row : notOlderThanRemoval(row, m);
	return applyChangeToRow(deps, user, current, parsed.change);
}

/**
 * A change written on a tablet before the resident's details were removed from the referral
 * (retention, or at their request) can carry those details: it is refused rather than bringing
 * them back. The Member sees why, and can write it again without them.
 */
function notOlderThanRemoval(row: ReferralRow, m: Mutation): ReferralRow {
	const removedAt = row.personalDataRemovedAt;
	if (removedAt && Date.parse(m.createdAt) < Date.parse(removedAt))
		reject(
			"The resident's details were removed from this referral after this change was written, so it was not applied. Write it again without their details if it is still needed."
		);
	return row;
}

const selectProcessed = preparedOnce((db) =>
	db
		.select()
		.from(processedMutations)
		.where(eq(processedMutations.id, sql.placeholder('id')))
		.prepare()
);

const insertProcessed = preparedOnce((db) =>
	db
		.insert(processedMutations)
		.values({
			id: sql.placeholder('id'),
			referralId: sql.placeholder('referralId'),
			userId: sql.placeholder('userId'),
			deviceId: sql.placeholder('deviceId'),
			result: sql.placeholder('result'),
			fingerprint: sql.placeholder('fingerprint'),
			createdAt: sql.placeholder('createdAt')
		})
		.prepare()
);

const kindWords: Record<Mutation['kind'], string> = {
	create: 'a new referral',
	comment: 'a comment',
	residentTold: '"resident told"',
	rate: 'a rating',
	reopen: 'a reopening',
	edit: 'an edit'
};

/**
 * An earlier answer to the same mutation id: report it again, with the referral as it is now. The
 * same id for a different change (another kind, referral or payload) is refused, never counted as
 * sent. Rows kept before fingerprints were (null) are taken as the same change, as they were then.
 */
function duplicateOf(
	deps: AppDeps,
	user: SessionUser,
	m: Mutation,
	fingerprint: string
): MutationResult | null {
	const seen = selectProcessed(deps.db).get({ id: m.id });
	if (!seen) return null;
	if (seen.userId !== user.id)
		return { id: m.id, status: 'rejected', reason: 'This change id was already used' };
	const stored = seen.result as AppliedOutcome;
	if (seen.fingerprint !== null && seen.fingerprint !== fingerprint) {
		const earlier = findReferral(deps.db, seen.referralId);
		const what =
			seen.referralId === m.referralId
				? 'this referral'
				: earlier
					? earlier.reference
					: 'another referral';
		return {
			id: m.id,
			status: 'rejected',
			reason: `This change (${kindWords[m.kind]}) was not saved: its id was already used for a different change to ${what}. Write it again to send it as a new change.`
		};
	}
	const current = findReferral(deps.db, stored.referral.id);
	return { id: m.id, status: 'duplicate', referral: current ? summary(current) : stored.referral };
}

function pushOne(deps: AppDeps, user: SessionUser, deviceId: string, m: Mutation): MutationResult {
	try {
		// Inside the batch's transaction, better-sqlite3 runs this as a SAVEPOINT: a throw rolls
		// back this mutation's writes only.
		return deps.sqlite.transaction((): MutationResult => {
			const fingerprint = mutationFingerprint(m);
			const duplicate = duplicateOf(deps, user, m, fingerprint);
			if (duplicate) return duplicate;
			const outcome = applyMutation(deps, user, deviceId, m);
			// Rejections are not stored: they had no effect, and a resend may well succeed
			// (e.g. a photo that had not arrived yet).
			insertProcessed(deps.db).run({
				id: m.id,
				referralId: m.referralId,
				userId: user.id,
				deviceId,
				result: outcome,
				fingerprint,
				createdAt: deps.clock().toISOString()
			});
			deps.faults.beforeMutationCommit?.(m.id);
			return { id: m.id, ...outcome };
		})();
	} catch (error) {
		if (error instanceof MutationRejected)
			return {
				id: m.id,
				status: 'rejected',
				reason: error.message,
				...(error.code === undefined ? {} : { code: error.code })
			};
		throw error;
	}
}

export function pushMutations(
	deps: AppDeps,
	user: SessionUser,
	deviceId: string,
	mutations: unknown[]
): MutationResult[] {
	return deps.sqlite.transaction(() =>
		mutations.map((raw) => parseAndPush(deps, user, deviceId, raw))
	)();
}

function parseAndPush(
	deps: AppDeps,
	user: SessionUser,
	deviceId: string,
	raw: unknown
): MutationResult {
	const parsed = Mutation.safeParse(raw);
	if (!parsed.success) {
		const id =
			typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string'
				? raw.id
				: '';
		return { id, status: 'rejected', reason: describeError(parsed.error) };
	}
	return pushOne(deps, user, deviceId, parsed.data);
}
