// A reader thread's entry: load tsx's hooks in this thread (Node 20 does not carry the parent's
// `--import tsx` into worker threads), then the TypeScript worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./reader-worker.ts');
