// A full disk (or a failed write to it) is the server's condition, not a bug: answered 503
// `disk_full` with what an admin must do, and shown to admins until a write succeeds again.
import type { MiddlewareHandler } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';

const writeFailureCodes = new Set([
	'SQLITE_FULL',
	'SQLITE_IOERR_WRITE',
	'SQLITE_IOERR_FSYNC',
	'SQLITE_IOERR_SHMSIZE'
]);

export const diskFullMessage =
	"The server's disk is full, so nothing can be saved on it just now. Free space on the server " +
	'(or give it a larger disk); Wardline carries on by itself once there is room. Changes made on ' +
	'tablets wait on the tablets and are sent then.';

/** SQLite's "database or disk is full", or a write to the disk that failed. */
export function isDiskFull(error: unknown): boolean {
	return (
		error instanceof Error &&
		'code' in error &&
		typeof error.code === 'string' &&
		writeFailureCodes.has(error.code)
	);
}

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Keeps deps.storage's disk-full flag: set when a write met a full disk, cleared by one that succeeded. */
export function diskFullWatch(deps: AppDeps): MiddlewareHandler<AppEnv> {
	return async (c, next) => {
		await next();
		if (c.error && isDiskFull(c.error)) deps.storage.diskFull(deps.clock());
		else if (writeMethods.has(c.req.method) && c.res.status < 400) deps.storage.wroteOk();
	};
}
