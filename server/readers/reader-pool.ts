// Reader threads for the heavy read-only answers (issue 17): with WARDLINE_READERS=n, pull pages
// and insights are read, built and turned into JSON on n worker threads, each with its own
// read-only connection, so they use the machine's other cores while the main thread goes on
// with sessions, writes, lists and the live stream. Jobs go to the least busy thread; a thread
// that dies fails its jobs (the app retries a pull) and is replaced.
import { Worker } from 'node:worker_threads';
import type { ReaderJob, ReaderResult } from './reader-jobs.ts';

interface Pending {
	resolve: (result: ReaderResult) => void;
	reject: (error: Error) => void;
}

interface Reader {
	worker: Worker;
	pending: Map<number, Pending>;
}

const workerUrl = new URL('./reader-boot.mjs', import.meta.url);

export class ReaderPool {
	readonly size: number;
	#path: string;
	#readers: Reader[] = [];
	#next = 1;
	#closed = false;

	/** `path`: the database file, already migrated by the main thread. */
	constructor(path: string, size: number) {
		this.#path = path;
		this.size = size;
		for (let i = 0; i < size; i++) this.#readers.push(this.#spawn());
	}

	#spawn(): Reader {
		const worker = new Worker(workerUrl, { workerData: { path: this.#path } });
		const reader: Reader = { worker, pending: new Map() };
		worker.on(
			'message',
			(message: { id: number; ok: boolean; result?: ReaderResult; message?: string }) => {
				const job = reader.pending.get(message.id);
				if (!job) return;
				reader.pending.delete(message.id);
				if (message.ok && message.result) job.resolve(message.result);
				else job.reject(new Error(message.message ?? 'reader failed'));
			}
		);
		const fail = (error: Error) => {
			for (const job of reader.pending.values()) job.reject(error);
			reader.pending.clear();
		};
		worker.on('error', fail);
		worker.on('exit', (code) => {
			fail(new Error(`reader thread exited (${code})`));
			const at = this.#readers.indexOf(reader);
			if (at >= 0 && !this.#closed) this.#readers[at] = this.#spawn();
		});
		// An idle pool must not keep the process alive.
		worker.unref();
		return reader;
	}

	run(job: ReaderJob): Promise<ReaderResult> {
		if (this.#closed) return Promise.reject(new Error('reader pool closed'));
		const reader = this.#readers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
		const id = this.#next++;
		return new Promise((resolve, reject) => {
			reader.pending.set(id, { resolve, reject });
			reader.worker.postMessage({ id, job });
		});
	}

	async close(): Promise<void> {
		this.#closed = true;
		await Promise.all(this.#readers.map((r) => r.worker.terminate()));
	}
}
