// The retention policy: a set time after a referral is closed (or rejected) its resident's
// details are removed, the row kept for the figures; photos never attached to a referral go too.
import { and, asc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { AppConfig } from '../context.ts';
import { attachments, auditLog, referrals } from '../db/schema.ts';
import { retentionActor } from '../referrals/audit.ts';
import { removePersonalDetails, type RemovalDeps } from './remove-personal-details.ts';

export type RetentionDeps = RemovalDeps & { config: Pick<AppConfig, 'retentionDays'> };

export interface RetentionOptions {
	/** List what would go without changing anything. */
	dryRun: boolean;
	/** Who runs it, for the audit trail: an admin's id, or the scheduled run. */
	actorId?: string;
	/** At most this many referrals per call, so one call never holds the database for long. */
	batchSize?: number;
}

export interface RetentionItem {
	referralId: string;
	reference: string;
	status: string;
	/** When it was closed, or for a rejected referral when it was last changed. */
	endedAt: string;
	photos: number;
}

export interface RetentionResult {
	dryRun: boolean;
	retentionDays: number;
	/** Referrals that ended on or before this instant are due. */
	cutoff: string;
	referrals: RetentionItem[];
	/** Due referrals beyond this batch: run again for them. */
	more: boolean;
	/** Photos uploaded before the cutoff that never became part of a referral. */
	unattachedPhotos: number;
}

const defaultBatch = 500;

/** The instant the retention period ends for anything that ended before it. */
export function retentionCutoff(now: Date, retentionDays: number): string {
	return new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
}

function dueCondition(cutoff: string) {
	return and(
		isNull(referrals.personalDataRemovedAt),
		or(
			and(eq(referrals.status, 'closed'), lte(referrals.closedAt, cutoff)),
			and(eq(referrals.status, 'rejected'), lte(referrals.updatedAt, cutoff))
		)
	);
}

// Spelt out: in a one-table select drizzle leaves columns unqualified, and a bare "id" here
// would be the attachment's own.
const photoCount = sql<number>`(select count(*) from attachments a where a.referral_id = referrals.id)`;

export function runRetention(deps: RetentionDeps, options: RetentionOptions): RetentionResult {
	const { retentionDays } = deps.config;
	const cutoff = retentionCutoff(deps.clock(), retentionDays);
	const batchSize = options.batchSize ?? defaultBatch;
	const due = deps.db
		.select({
			row: referrals,
			endedAt: sql<string>`coalesce(${referrals.closedAt}, ${referrals.updatedAt})`,
			photos: photoCount
		})
		.from(referrals)
		.where(dueCondition(cutoff))
		.orderBy(asc(referrals.createdAt), asc(referrals.id))
		.limit(batchSize + 1)
		.all();
	const more = due.length > batchSize;
	const batch = more ? due.slice(0, batchSize) : due;
	const items = batch.map(({ row, endedAt, photos }) => ({
		referralId: row.id,
		reference: row.reference,
		status: row.status,
		endedAt,
		photos
	}));
	const unattached = and(isNull(attachments.referralId), lte(attachments.createdAt, cutoff));
	const result = { dryRun: options.dryRun, retentionDays, cutoff, referrals: items, more };
	if (options.dryRun) {
		const count = deps.db
			.select({ n: sql<number>`count(*)` })
			.from(attachments)
			.where(unattached)
			.get();
		return { ...result, unattachedPhotos: count?.n ?? 0 };
	}
	const actorId = options.actorId ?? retentionActor.id;
	for (const { row } of batch) removePersonalDetails(deps, row, 'retention', actorId);
	const unattachedPhotos = deps.db.delete(attachments).where(unattached).run().changes;
	deps.db
		.insert(auditLog)
		.values({
			at: deps.clock().toISOString(),
			userId: actorId,
			action: 'retention.run',
			referralId: null,
			detail: JSON.stringify({ cutoff, referrals: items.length, unattachedPhotos, more })
		})
		.run();
	return { ...result, unattachedPhotos };
}

/**
 * Runs retention now and then every `everyMs` (a day), batch by batch with a pause between so
 * requests are served meanwhile. Returns a stop function. Failures are logged, never thrown.
 */
export function scheduleRetention(
	deps: RetentionDeps,
	options: { everyMs?: number; log: (message: string) => void }
): () => void {
	let stopped = false;
	const runAll = async () => {
		try {
			let removed = 0;
			for (;;) {
				if (stopped) return;
				const result = runRetention(deps, { dryRun: false });
				removed += result.referrals.length;
				if (!result.more) break;
				await new Promise((resolve) => setImmediate(resolve));
			}
			if (removed > 0)
				options.log(`Retention: personal details removed from ${removed} referral(s).`);
		} catch (error) {
			options.log(`Retention run failed: ${error instanceof Error ? error.message : error}`);
		}
	};
	void runAll();
	const timer = setInterval(() => void runAll(), options.everyMs ?? 86_400_000);
	timer.unref();
	return () => {
		stopped = true;
		clearInterval(timer);
	};
}
