// Hourly upkeep in the server process (started by server/main.ts): photos never attached to a
// referral go a day after upload, and sign-in attempts quiet for a day are forgotten.
import { forgetQuietSignInAttempts } from './auth/sign-in-throttle.ts';
import { deleteStaleUnattachedPhotos } from './attachments/unattached.ts';
import type { Db } from './db/open.ts';

export interface HousekeepingDeps {
	db: Db;
	clock: () => Date;
}

export function runHousekeeping(deps: HousekeepingDeps): { photos: number; signInPairs: number } {
	const now = deps.clock();
	return {
		photos: deleteStaleUnattachedPhotos(deps.db, now),
		signInPairs: forgetQuietSignInAttempts(deps.db, now)
	};
}

/** Runs now and then every `everyMs` (an hour); returns a stop function. Failures are logged. */
export function scheduleHousekeeping(
	deps: HousekeepingDeps,
	options: { everyMs?: number; log: (message: string) => void }
): () => void {
	const run = () => {
		try {
			const { photos } = runHousekeeping(deps);
			if (photos > 0)
				options.log(`Deleted ${photos} photo(s) uploaded a day ago and never part of a referral.`);
		} catch (error) {
			options.log(`Housekeeping failed: ${error instanceof Error ? error.message : error}`);
		}
	};
	run();
	const timer = setInterval(run, options.everyMs ?? 3_600_000);
	timer.unref();
	return () => clearInterval(timer);
}
