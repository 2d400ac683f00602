// Seeded fuzz of the whole tablet <-> server exchange: random saves, comments, outages, lost
// answers, duplicate deliveries and server-side moves; afterwards everything is there exactly once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fault } from '../sync/testing/fake-server.ts';
import { expectExactlyOnceAndAgreed, syncUntilHealed } from '../sync/testing/sync-harness.ts';
import { makeTablet } from './testing/sync-harness.ts';

const runs = Number(process.env.SYNC_PROPERTY_RUNS ?? 200);

const fault = fc.constantFrom<Fault>(
	'none',
	'offline',
	'lost',
	'duplicate',
	'partial',
	'server-error',
	'unauthorised',
	'bad-request'
);

const step = fc.oneof(
	fc.record({ type: fc.constant('save' as const), photos: fc.integer({ min: 0, max: 2 }) }),
	fc.record({ type: fc.constant('comment' as const), pick: fc.nat() }),
	fc.record({
		type: fc.constant('sync' as const),
		faults: fc.array(fault, { maxLength: 4 }),
		saveDuring: fc.boolean()
	}),
	fc.record({ type: fc.constant('pick up' as const), pick: fc.nat() }),
	fc.record({ type: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 400_000 }) })
);

let label = 0;

describe('sync under random schedules', () => {
	it(`every saved referral and comment reaches the server exactly once and the tablet agrees (${runs} runs)`, async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
				const t = makeTablet(`property-${(label += 1)}`);
				try {
					for (const s of steps) {
						if (s.type === 'save') await t.save({}, s.photos);
						if (s.type === 'comment' && t.saved.length > 0)
							await t.comment(t.saved[s.pick % t.saved.length], `note ${s.pick}`);
						if (s.type === 'pick up') {
							// The service team starts work on a referral: a server-side move the tablet pulls.
							const ids = [...t.server.referrals.keys()];
							const id = ids[s.pick % Math.max(ids.length, 1)];
							if (id && t.server.referrals.get(id)?.status === 'routed')
								t.server.setStatus(id, 'in_progress');
						}
						if (s.type === 'wait') {
							t.clock.advance(s.ms);
							await t.engine.whenIdle();
						}
						if (s.type === 'sync') {
							t.server.faults = [...s.faults];
							if (s.saveDuring) {
								let once = true;
								t.server.delay = async () => {
									if (!once) return;
									once = false;
									await t.save();
								};
							}
							await t.engine.sync('property');
							t.server.delay = () => Promise.resolve();
						}
					}
					t.server.faults = [];
					if (t.engine.status.authRequired) await t.engine.resume();
					await syncUntilHealed(t);
					await expectExactlyOnceAndAgreed(t);
					expect(t.engine.status).toMatchObject({ waiting: 0, attention: 0, authRequired: false });
				} finally {
					await t.close();
				}
			}),
			{ numRuns: runs }
		);
	}, 120_000);
});
