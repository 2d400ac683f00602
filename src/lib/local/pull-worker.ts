// The pull worker: opens the tablet's database itself and applies the pages the page posts, one
// at a time, with the data key it is handed for each (pull-applier.ts, pullWorkerHandler).
/// <reference lib="webworker" />
import { pullWorkerHandler } from './pull-apply.ts';
import type { PullWorkerRequest } from './pull-applier.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = pullWorkerHandler();

scope.addEventListener('message', (event: MessageEvent<PullWorkerRequest>) => {
	void handle(event.data).then((answer) => scope.postMessage(answer));
});
