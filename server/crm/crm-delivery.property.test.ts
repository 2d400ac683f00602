import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createCrmKit } from '../testing/crm-test-kit.ts';
import { profiles } from '../testing/open311-test-double.ts';
import type { CrmWorker } from './crm-worker.ts';

type Step =
	| { kind: 'capture'; count: number }
	| { kind: 'tick' }
	| { kind: 'wait' }
	| { kind: 'crmStops' }
	| { kind: 'crmStarts' }
	| { kind: 'nextCallTakenThenHungUp' }
	| { kind: 'nextAnswerTooSlow' }
	| { kind: 'errorPages'; on: boolean }
	| { kind: 'killedMidCall' }
	| { kind: 'serverRestarts' };

const step: fc.Arbitrary<Step> = fc.oneof(
	fc.record({ kind: fc.constant('capture' as const), count: fc.integer({ min: 1, max: 4 }) }),
	fc.constant({ kind: 'tick' as const }),
	fc.constant({ kind: 'tick' as const }),
	fc.constant({ kind: 'wait' as const }),
	fc.constant({ kind: 'crmStops' as const }),
	fc.constant({ kind: 'crmStarts' as const }),
	fc.constant({ kind: 'nextCallTakenThenHungUp' as const }),
	fc.constant({ kind: 'nextAnswerTooSlow' as const }),
	fc.record({ kind: fc.constant('errorPages' as const), on: fc.boolean() }),
	fc.constant({ kind: 'killedMidCall' as const }),
	fc.constant({ kind: 'serverRestarts' as const })
);

interface Figures {
	referrals: number;
	crmRequests: number;
	doubles: number;
	held: number;
	refused: number;
}
const figures = new Map<string, Figures>();

afterAll(() => {
	console.log('profile | referrals sent | CRM requests | doubles | held for a person | refused');
	for (const [name, f] of figures)
		console.log(
			`${name} | ${f.referrals} | ${f.crmRequests} | ${f.doubles} | ${f.held} | ${f.refused}`
		);
});

// The client gives up after 150 ms; a slow answer comes after 250 ms (the CRM did the work).
const timeoutMs = 150;

describe.each(Object.entries(profiles))(
	'profile %s: random kills, lost and slow answers',
	(name, profile) => {
		it('no referral ever gets two CRM requests; each ends logged once, or held (or refused) with the reason', async () => {
			const total: Figures = { referrals: 0, crmRequests: 0, doubles: 0, held: 0, refused: 0 };
			figures.set(name, total);
			await fc.assert(
				fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 20 }), async (steps) => {
					const kit = await createCrmKit({
						random: () => 0.7,
						timeoutMs,
						// Slow answers scaled down: 30 s against 20 s becomes 250 ms against 150 ms.
						profile: { ...profile, ...(profile.slowPostsMs ? { slowPostsMs: 250 } : {}) }
					});
					kit.double.slowAnswerMs = 250;
					try {
						let worker: CrmWorker = kit.worker();
						for (const s of steps) {
							if (s.kind === 'capture') await kit.capture(s.count);
							else if (s.kind === 'tick') await worker.tick();
							else if (s.kind === 'wait') kit.server.clock.advance(10 * 60_000);
							else if (s.kind === 'crmStops') await kit.double.stop();
							else if (s.kind === 'crmStarts') await kit.double.start();
							else if (s.kind === 'nextCallTakenThenHungUp') kit.double.faultOnce('acceptThenDrop');
							else if (s.kind === 'nextAnswerTooSlow') kit.double.faultOnce('slowAnswer');
							else if (s.kind === 'errorPages') kit.double.fault = s.on ? 'html500' : null;
							else if (s.kind === 'killedMidCall') {
								// The process dies while a call is out: whatever it was doing is cut short.
								kit.double.faultOnce('slowAnswer');
								const calls = kit.double.calls.length;
								const round = worker.tick();
								await new Promise((resolve) => setTimeout(resolve, 20));
								if (kit.double.calls.length > calls) await worker.stop();
								await round;
								worker = kit.worker(kit.reopen());
							} else {
								await worker.stop();
								worker = kit.worker(kit.reopen());
							}
						}
						await kit.capture(1);
						await kit.double.start();
						kit.double.fault = null;
						// Long enough for every backoff and for "wait for a tested search" to end.
						for (let round = 0; round < 12; round++) {
							kit.server.clock.advance(10 * 60_000);
							await worker.tick();
						}
						const references = kit.references();
						const rows = kit.outbox();
						const byReference = new Map<string, number>();
						for (const r of kit.double.requests) {
							const ref = r.attributes.wardline_reference;
							byReference.set(ref, (byReference.get(ref) ?? 0) + 1);
						}
						const doubles = [...byReference.values()].reduce((n, c) => n + c - 1, 0);
						total.referrals += references.length;
						total.crmRequests += kit.double.requests.length;
						total.doubles += doubles;
						total.held += rows.filter((r) => r.state === 'held').length;
						total.refused += rows.filter((r) => r.state === 'refused').length;

						expect(doubles).toBe(0);
						expect(rows).toHaveLength(references.length);
						const referenceOf = new Map(
							(
								kit.server.sqlite.prepare('select id, reference from referrals').all() as {
									id: string;
									reference: string;
								}[]
							).map((r) => [r.id, r.reference])
						);
						for (const row of rows) {
							const reference = referenceOf.get(row.referral_id) as string;
							const inCrm = kit.double.withReference(reference);
							if (row.state === 'delivered')
								expect(inCrm.map((r) => r.service_request_id)).toEqual([row.service_request_id]);
							else if (row.state === 'held')
								expect(row.last_error).toMatch(
									new RegExp(`^Uncertain: check the council's system for ${reference}, `)
								);
							else {
								expect(row.state).toBe('refused');
								expect(row.last_error).toMatch(/^Refused by the council's system: /);
								expect(inCrm).toHaveLength(0);
							}
						}
					} finally {
						await kit.close();
					}
				}),
				{ numRuns: 12 }
			);
		}, 240_000);
	}
);
