// The sync engine's behaviour over the memory store and the fake server: healing through faults
// exactly once, backoff, pauses (sign-in, a locked tablet), one run at a time, photos first,
// paging, and letting go of what the user may no longer see.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeServer } from './testing/fake-server.ts';
import { createMemoryLock } from './locks.ts';
import {
	expectExactlyOnceAndAgreed,
	memoryTablet,
	syncUntilHealed,
	type MemoryTablet
} from './testing/sync-harness.ts';

const tablets: MemoryTablet[] = [];
function tablet(...args: Parameters<typeof memoryTablet>): MemoryTablet {
	const made = memoryTablet(...args);
	tablets.push(made);
	return made;
}
afterEach(() => {
	for (const t of tablets.splice(0)) t.engine.dispose();
});

describe('SyncEngine', () => {
	it('heals through outages, lost answers, duplicate deliveries and partial answers, exactly once', async () => {
		const t = tablet('heal');
		const first = await t.save();
		await t.save({}, 1);
		t.server.faults = ['offline'];
		expect(await t.engine.sync('test')).toMatchObject({ ok: false, kind: 'offline' });
		expect(t.server.referrals.size).toBe(0);

		t.server.faults = ['lost'];
		expect(await t.engine.sync('test')).toMatchObject({ ok: false, kind: 'offline' });
		await t.comment(first, 'Any news?');
		t.server.faults = ['none', 'duplicate', 'lost'];
		await t.engine.sync('test');
		t.server.faults = ['partial'];
		await t.engine.sync('test');
		await t.save();
		t.server.faults = ['server-error'];
		await t.engine.sync('test');

		await syncUntilHealed(t);
		await expectExactlyOnceAndAgreed(t);
		expect(t.engine.status).toMatchObject({
			waiting: 0,
			attention: 0,
			lastError: null,
			nextRetryAt: null
		});
	});

	it('treats a result missing from the answer as not delivered and sends it again', async () => {
		const t = tablet('partial');
		await t.save();
		await t.save();
		t.server.faults = ['partial'];
		expect(await t.engine.sync('test')).toMatchObject({ ok: false, kind: 'retryable' });
		expect(await t.outboxCount()).toBe(1);
		await syncUntilHealed(t);
		await expectExactlyOnceAndAgreed(t);
	});

	it('pauses on 401, keeps the outbox, and carries on after resume', async () => {
		const t = tablet('auth');
		await t.save();
		t.server.faults = ['unauthorised'];
		expect(await t.engine.sync('test')).toMatchObject({ ok: false, kind: 'auth' });
		expect(t.engine.status.authRequired).toBe(true);
		expect(t.clock.pending).toHaveLength(0);
		expect(await t.engine.sync('test')).toMatchObject({ ok: false, kind: 'paused' });
		expect(await t.outboxCount()).toBe(1);
		expect(t.server.log).toEqual([]);

		expect(await t.engine.resume()).toMatchObject({ ok: true });
		expect(t.engine.status.authRequired).toBe(false);
		await expectExactlyOnceAndAgreed(t);
	});

	it('pauses while the tablet is locked (no request, no backoff growth) and resumes at once on unlock', async () => {
		const t = tablet('locked', { random: () => 0.5 });
		const id = await t.save();
		t.server.faults = ['offline'];
		await t.engine.sync('test');
		// One failure so far: the next one would wait up to 2 s.
		expect((t.engine.status.nextRetryAt ?? NaN) - t.clock.now()).toBe(500);

		t.store.locked = true;
		expect(await t.engine.sync('test')).toMatchObject({ ok: false, kind: 'paused' });
		expect(await t.engine.sync('again')).toMatchObject({ ok: false, kind: 'paused' });
		expect(t.engine.status).toMatchObject({ locked: true, running: false, nextRetryAt: null });
		expect(t.clock.pending).toHaveLength(0);
		expect(t.server.log).toEqual([]);
		expect(t.engine.status.waiting).toBe(1);

		// The pauses did not count as failures: the next failure waits as the second one would.
		t.store.locked = false;
		t.server.faults = ['offline'];
		await t.engine.unlocked();
		expect((t.engine.status.nextRetryAt ?? NaN) - t.clock.now()).toBe(1000);

		t.server.faults = [];
		expect(await t.engine.unlocked()).toMatchObject({ ok: true, pushed: 1 });
		expect(t.engine.status.locked).toBe(false);
		expect(t.server.log).toEqual([`create:${id}`]);
		await expectExactlyOnceAndAgreed(t);
	});

	it('keeps a refused referral on the tablet as needing attention and does not resend it', async () => {
		const t = tablet('rejected');
		const id = await t.save({ categoryId: 'unknown-category' });
		expect(await t.engine.sync('test')).toMatchObject({ ok: true, rejected: 1 });
		await t.engine.sync('again');
		expect(t.server.log).toEqual([`create:${id}`]);
		expect([...t.store.outbox.values()]).toMatchObject([
			{ state: 'rejected', lastError: 'Unknown category', mutation: { referralId: id } }
		]);
		expect(t.engine.status).toMatchObject({ waiting: 0, attention: 1 });
	});

	it('keeps a change to a referral the server lacks waiting for it (sent again each run, never in a loop), and shows it refused after a week', async () => {
		// After a restore: the referral is on another tablet of the Member's, which has not synced yet.
		const other = tablet('other');
		const here = tablet('here', { server: other.server });
		const referralId = await other.save();
		const waiting = await here.comment(referralId, 'Any news?');
		expect(await here.engine.sync('test')).toMatchObject({ ok: true, rejected: 1 });
		expect(here.server.log).toEqual([`comment:${referralId}`]);
		expect(here.store.outbox.get(waiting)).toMatchObject({
			state: 'pending',
			lastError: 'This referral has not reached the server yet'
		});
		expect(here.engine.status).toMatchObject({ waiting: 1, attention: 0 });

		await syncUntilHealed(other);
		await syncUntilHealed(here);
		expect(here.server.log).toEqual([
			`comment:${referralId}`,
			`create:${referralId}`,
			`comment:${referralId}`
		]);
		expect(
			here.server.referrals.get(referralId)!.timeline.filter((e) => e.kind === 'comment')
		).toMatchObject([{ id: waiting }]);
		expect(here.engine.status).toMatchObject({ waiting: 0, attention: 0 });

		const late = await here.comment(crypto.randomUUID(), 'For a referral that never comes');
		here.clock.advance(8 * 24 * 60 * 60 * 1000);
		await here.engine.sync('a week later');
		expect(here.store.outbox.get(late)).toMatchObject({ state: 'rejected' });
		expect(here.engine.status).toMatchObject({ waiting: 0, attention: 1 });
	});

	it('waits longer after each failure, with full jitter, and starts again from 1 s when back online', async () => {
		const randoms = [0.25, 0.9, 0.5, 0.1, 0.75, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.3];
		let i = 0;
		const t = tablet('backoff', { random: () => randoms[i++ % randoms.length] });
		await t.save();
		t.server.faults = Array(20).fill('offline');
		const delays: number[] = [];
		await t.engine.sync('test');
		for (let attempt = 0; attempt < 11; attempt += 1) {
			const delay = (t.engine.status.nextRetryAt ?? NaN) - t.clock.now();
			delays.push(delay);
			t.clock.advance(delay);
			await t.engine.whenIdle();
		}
		const caps = [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300].map((s) => s * 1000);
		expect(delays).toEqual(caps.map((cap, n) => randoms[n] * cap));

		i = 0;
		await t.engine.onOnline();
		expect((t.engine.status.nextRetryAt ?? NaN) - t.clock.now()).toBe(0.25 * 1000);
	});

	it('retries on its own timer until the server answers', async () => {
		const t = tablet('timer');
		await t.save();
		t.server.faults = ['server-error', 'offline'];
		await t.engine.sync('test');
		t.clock.advance(1000);
		await t.engine.whenIdle();
		expect(t.engine.status.lastError).toBe('Network down');
		t.clock.advance(2000);
		await t.engine.whenIdle();
		expect(t.engine.status.lastSuccessAt).toBe(new Date(t.clock.now()).toISOString());
		await expectExactlyOnceAndAgreed(t);
	});

	it('never lets two tabs push at the same time', async () => {
		const server = new FakeServer();
		server.delay = () => new Promise((resolve) => setTimeout(resolve, 1));
		const lock = createMemoryLock();
		const a = tablet('tab-a', { server, lock });
		const b = tablet('tab-b', { server, lock, store: a.store });
		for (let round = 0; round < 5; round += 1) {
			await (round % 2 === 0 ? a : b).save();
			await Promise.all([a.engine.sync('a'), b.engine.sync('b'), a.engine.sync('a2')]);
		}
		expect(server.maxInFlight).toBe(1);
		const saved = [...a.saved, ...b.saved];
		for (const id of saved) expect(server.createsApplied.get(id)).toBe(1);
		expect(await a.outboxCount()).toBe(0);
	});

	it('uploads each photo before the create that names it, and holds the create while a photo cannot go', async () => {
		const t = tablet('photos');
		const id = await t.save({}, 2);
		const photoIds = [...t.store.photos.keys()];
		t.server.faults = ['offline'];
		await t.engine.sync('test');
		expect(t.server.log).toEqual([]);

		t.server.faults = ['none', 'bad-request'];
		const withoutPhotos = await t.save();
		expect(await t.engine.sync('test')).toMatchObject({ ok: false, kind: 'fatal' });
		expect(t.server.log).not.toContain(`create:${id}`);
		expect(t.server.log).toContain(`create:${withoutPhotos}`);

		await syncUntilHealed(t);
		const createAt = t.server.log.indexOf(`create:${id}`);
		for (const photoId of photoIds)
			expect(t.server.log.lastIndexOf(`photo:${photoId}`)).toBeLessThan(createAt);
		expect(t.server.referrals.get(id)?.photoIds.sort()).toEqual(photoIds.sort());
		await expectExactlyOnceAndAgreed(t);
	});

	it('runs once more when asked during a run, so a change saved meanwhile is sent', async () => {
		const t = tablet('follow-up');
		await t.save();
		let release: () => void = () => {};
		t.server.delay = () => new Promise<void>((resolve) => (release = resolve));
		const first = t.engine.sync('first');
		await new Promise((resolve) => setTimeout(resolve, 5));
		const late = await t.save();
		const second = t.engine.sync('second');
		t.server.delay = () => Promise.resolve();
		release();
		await Promise.all([first, second]);
		expect(t.server.createsApplied.get(late)).toBe(1);
		await expectExactlyOnceAndAgreed(t);
	});

	it('pulls page after page until the server has no more', async () => {
		const server = new FakeServer();
		const source = tablet('source', { server });
		for (let n = 0; n < 5; n += 1) await source.save();
		await source.engine.sync('push');
		const reader = tablet('reader', { server, pageSize: 2 });
		expect(await reader.engine.sync('pull')).toMatchObject({ ok: true, pulled: 5 });
		expect([...reader.store.referrals.values()].map((r) => r.reference).sort()).toEqual(
			[...server.referrals.values()].map((r) => r.reference).sort()
		);
	});

	it('drops referrals the server no longer shows: at the first sync, then at most once an hour', async () => {
		const t = tablet('reconcile');
		const [kept, passedOn, later] = [await t.save(), await t.save(), await t.save()];
		expect(await t.engine.sync('start')).toMatchObject({ ok: true, pushed: 3 });
		expect(t.server.visibleCalls).toBe(1);
		expect(t.store.referrals.size).toBe(3);

		t.server.hide(passedOn);
		t.clock.advance(59 * 60_000);
		expect(await t.engine.sync('poll')).toMatchObject({ ok: true });
		expect(t.server.visibleCalls).toBe(1);
		expect(t.store.referrals.get(passedOn)).toBeDefined();

		t.clock.advance(60_000);
		expect(await t.engine.sync('poll')).toMatchObject({ ok: true });
		expect(t.server.visibleCalls).toBe(2);
		expect([...t.store.referrals.keys()].sort()).toEqual([kept, later].sort());

		t.server.hide(later);
		t.clock.advance(30 * 60_000);
		await t.engine.sync('poll');
		expect(t.server.visibleCalls).toBe(2);
		expect(t.store.referrals.get(later)).toBeDefined();
	});

	it('asks again at the first sync of a new start, whatever the hour', async () => {
		const server = new FakeServer();
		const first = tablet('reconcile-first', { server });
		const id = await first.save();
		await first.engine.sync('start');
		server.hide(id);
		// The same tablet opened again: a new engine over the same database.
		const again = tablet('reconcile-again', { server, store: first.store });
		expect(await again.engine.sync('start')).toMatchObject({ ok: true });
		expect(server.visibleCalls).toBe(2);
		expect(again.store.referrals.size).toBe(0);
	});

	it('a failed visible() leaves the sync done, and the next sync asks again', async () => {
		const t = tablet('reconcile-fails');
		const [kept, passedOn] = [await t.save(), await t.save()];
		await t.engine.sync('start');
		t.server.hide(passedOn);
		t.clock.advance(60 * 60_000);
		// The pull goes through; the question after it does not.
		t.server.faults = ['none', 'offline'];
		const outcome = await t.engine.sync('poll');
		expect(outcome).toMatchObject({ ok: true });
		expect(t.engine.status).toMatchObject({ lastError: null, nextRetryAt: null });
		expect(t.server.visibleCalls).toBe(2);
		expect(t.store.referrals.get(passedOn)).toBeDefined();

		t.server.faults = ['none', 'server-error'];
		expect(await t.engine.sync('poll')).toMatchObject({ ok: true });
		expect(t.store.referrals.get(passedOn)).toBeDefined();

		expect(await t.engine.sync('poll')).toMatchObject({ ok: true });
		expect(t.server.visibleCalls).toBe(4);
		expect([...t.store.referrals.keys()]).toEqual([kept]);
	});

	it('tells subscribers when it runs, what waits, and when it last succeeded', async () => {
		const t = tablet('status');
		await t.save();
		const seen: { running: boolean; waiting: number }[] = [];
		const stop = t.engine.subscribe((s) => seen.push({ running: s.running, waiting: s.waiting }));
		await t.engine.refreshCounts();
		await t.engine.sync('test');
		stop();
		expect(seen[0]).toEqual({ running: false, waiting: 0 });
		expect(seen).toContainEqual({ running: false, waiting: 1 });
		expect(seen).toContainEqual({ running: true, waiting: 1 });
		expect(seen.at(-1)).toEqual({ running: false, waiting: 0 });
		expect(t.engine.status.lastSuccessAt).toBe('2026-03-02T09:00:00.000Z');
	});
});
