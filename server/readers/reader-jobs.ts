// What a reader thread does (issue 17): the read-only answers that cost the most, pull pages and
// insights, run on their own read-only SQLite connection. SQLite in WAL lets these readers run
// alongside the one writer (the main thread), each seeing a consistent snapshot. Anything that
// writes (the audit of a pull among it) stays on the main thread: a job only reads.
import type { PullResponse } from '#domain/sync-protocol';
import type { Db, Sqlite } from '../db/open.ts';
import type { SessionUser } from '../context.ts';
import type { Period } from '../insights/period.ts';
import { buildInsights, type Viewer } from '../insights/report.ts';
import { readPullPage, type PullCursor } from '../sync/pull.ts';

export type ReaderJob =
	| { kind: 'pull'; user: SessionUser; cursor: PullCursor; limit: number }
	| {
			kind: 'insights';
			period: Period;
			filters: { wardId?: string; categoryId?: string };
			viewer: Viewer;
			now: Date;
	  };

/** A job's answer, as the JSON text to send, and the referrals read (to be audited). */
export interface ReaderResult {
	json: string;
	referralIds: string[];
}

export function runReaderJob(deps: { db: Db; sqlite: Sqlite }, job: ReaderJob): ReaderResult {
	switch (job.kind) {
		case 'pull': {
			const { response, referralIds } = readPullPage(deps, job.user, job.cursor, job.limit);
			return { json: JSON.stringify(response satisfies PullResponse), referralIds };
		}
		case 'insights':
			return {
				json: JSON.stringify(buildInsights(deps.db, job.period, job.filters, job.viewer, job.now)),
				referralIds: []
			};
	}
}
