// A reader thread: opens the database read-only and answers the main thread's jobs one at a time.
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import * as schema from '../db/schema.ts';
import { runReaderJob, type ReaderJob } from './reader-jobs.ts';

const { path } = workerData as { path: string };
const sqlite = new Database(path, { readonly: true, fileMustExist: true });
sqlite.pragma('busy_timeout = 5000');
const db = drizzle(sqlite, { schema });

parentPort?.on('message', ({ id, job }: { id: number; job: ReaderJob }) => {
	try {
		parentPort?.postMessage({ id, ok: true, result: runReaderJob({ db, sqlite }, job) });
	} catch (error) {
		parentPort?.postMessage({ id, ok: false, message: String(error) });
	}
});
