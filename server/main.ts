// The Wardline server process: the only place that reads the environment, opens the database
// file and listens. Run with `npx tsx server/main.ts` (npm run serve).
import { serve } from '@hono/node-server';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createApp } from './app.ts';
import { openDatabase } from './db/open.ts';
import { seedDemoData } from './db/seed.ts';

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? '0.0.0.0';
const dataDir = resolve(process.env.WARDLINE_DATA_DIR ?? './data');
const staticDir = resolve(process.env.WARDLINE_STATIC_DIR ?? './build');
const seed = process.env.WARDLINE_SEED !== 'none';

mkdirSync(dataDir, { recursive: true });
const { db, sqlite } = openDatabase(join(dataDir, 'wardline.db'));
const clock = () => new Date();
if (seed && seedDemoData(db, { clock }))
	console.log('Seeded demo wards, categories and users (password: wardline-demo)');

const hasBuild = existsSync(join(staticDir, '200.html'));
if (!hasBuild)
	console.warn(`No built app in ${staticDir}; serving the API only (run npm run build).`);
const app = createApp({ db, sqlite, clock, staticDir: hasBuild ? staticDir : null });

const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
	console.log(`Wardline listening on http://localhost:${info.port}`);
});

let stopping = false;
function stop(signal: string): void {
	if (stopping) return;
	stopping = true;
	console.log(`${signal}: closing`);
	server.close(() => {
		sqlite.close();
		process.exit(0);
	});
	// Open keep-alive connections must not hold the database open forever.
	setTimeout(() => {
		sqlite.close();
		process.exit(0);
	}, 3000).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
