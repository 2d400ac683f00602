import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCrmKit } from '../testing/crm-test-kit.ts';
import type { CrmWorker } from './crm-worker.ts';

type Step =
	| { kind: 'capture'; count: number }
	| { kind: 'tick' }
	| { kind: 'wait' }
	| { kind: 'crmStops' }
	| { kind: 'crmStarts' }
	| { kind: 'nextCallTakenThenHungUp' }
	| { kind: 'errorPages'; on: boolean }
	| { kind: 'serverRestarts' };

const step: fc.Arbitrary<Step> = fc.oneof(
	fc.record({ kind: fc.constant('capture' as const), count: fc.integer({ min: 1, max: 4 }) }),
	fc.constant({ kind: 'tick' as const }),
	fc.constant({ kind: 'tick' as const }),
	fc.constant({ kind: 'wait' as const }),
	fc.constant({ kind: 'crmStops' as const }),
	fc.constant({ kind: 'crmStarts' as const }),
	fc.constant({ kind: 'nextCallTakenThenHungUp' as const }),
	fc.record({ kind: fc.constant('errorPages' as const), on: fc.boolean() }),
	fc.constant({ kind: 'serverRestarts' as const })
);

describe('delivery under random outages, lost answers and restarts', () => {
	it('afterwards every referral is in the CRM exactly once, in order of arrival', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
				const kit = await createCrmKit({ random: () => 0.7 });
				try {
					let worker: CrmWorker = kit.worker();
					for (const s of steps) {
						if (s.kind === 'capture') await kit.capture(s.count);
						else if (s.kind === 'tick') await worker.tick();
						else if (s.kind === 'wait') kit.server.clock.advance(10 * 60_000);
						else if (s.kind === 'crmStops') await kit.double.stop();
						else if (s.kind === 'crmStarts') await kit.double.start();
						else if (s.kind === 'nextCallTakenThenHungUp') kit.double.faultOnce('acceptThenDrop');
						else if (s.kind === 'errorPages') kit.double.fault = s.on ? 'html500' : null;
						else {
							await worker.stop();
							worker = kit.worker(kit.reopen());
						}
					}
					await kit.capture(1);
					await kit.double.start();
					kit.double.fault = null;
					for (let round = 0; round < 10; round++) {
						kit.server.clock.advance(10 * 60_000);
						await worker.tick();
					}
					const references = kit.references();
					expect(kit.double.requests.map((r) => r.attributes.wardline_reference)).toEqual(
						references
					);
					expect(kit.outbox().map((r) => r.state)).toEqual(references.map(() => 'delivered'));
				} finally {
					await kit.close();
				}
			}),
			{ numRuns: 25 }
		);
	});
});
