// Starts the real Wardline server (built app + API + SQLite) for a spec, on a free port with
// its own data folder, and lets the spec kill it hard and start it again on the same data.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => resolve(port));
		});
	});
}

export interface RunningServer {
	url: string;
	dataDir: string;
	start(): Promise<void>;
	kill(signal?: NodeJS.Signals): Promise<void>;
	dispose(): Promise<void>;
}

/** `env`: settings added to the process's, e.g. SMTP_URL and MAIL_FROM for e-mail. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
	const port = await freePort();
	const dataDir = mkdtempSync(join(tmpdir(), 'wardline-e2e-'));
	const url = `http://localhost:${port}`;
	let child: ChildProcess | null = null;

	async function start() {
		child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
			env: { ...process.env, PORT: String(port), WARDLINE_DATA_DIR: dataDir, ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout?.on('data', (chunk) => (output += chunk));
		child.stderr?.on('data', (chunk) => (output += chunk));
		const deadline = Date.now() + 30_000;
		while (Date.now() < deadline) {
			if (child.exitCode !== null) throw new Error(`Wardline server exited:\n${output}`);
			try {
				const response = await fetch(`${url}/api/health`);
				if (response.ok) return;
			} catch {
				// not listening yet
			}
			await new Promise((r) => setTimeout(r, 100));
		}
		throw new Error(`Wardline server did not start in time:\n${output}`);
	}

	async function kill(signal: NodeJS.Signals = 'SIGKILL') {
		const running = child;
		if (!running || running.exitCode !== null || running.signalCode !== null) return;
		const exited = new Promise((r) => running.once('exit', r));
		running.kill(signal);
		await exited;
	}

	await start();
	return {
		url,
		dataDir,
		start,
		kill,
		async dispose() {
			await kill('SIGTERM');
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}
