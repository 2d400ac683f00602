// The sync bar's words: no network, a server not answering and a server out of reach are told
// apart, the next try is named, and "Syncing…" never shows while there is no network.
import { describe, expect, it } from 'vitest';
import { describeRetry, syncBarView } from './sync-bar-view.ts';

const now = new Date(2026, 11, 2, 14, 0, 0).getTime();
const idle = { running: false, online: null, nextRetryAt: null, connectionFailure: null };

describe('syncBarView', () => {
	it('says Online, with nothing more, while all is well', () => {
		expect(syncBarView(idle, true, now)).toEqual({
			connection: 'online',
			label: 'Online',
			detail: null,
			button: 'Sync now',
			busy: false,
			progress: null
		});
	});

	it('says how far a long pull has got while it runs', () => {
		const pulling = { ...idle, running: true, pullProgress: { received: 12_400, total: 20_000 } };
		expect(syncBarView(pulling, true, now).progress).toBe('Receiving referrals: 12,400 of 20,000');
		expect(syncBarView({ ...pulling, running: false }, true, now).progress).toBeNull();
	});

	it('says no network when the browser is offline, whatever the last failure, and when it tries again', () => {
		const view = syncBarView(
			{ ...idle, connectionFailure: 'server', nextRetryAt: now + 30_000 },
			false,
			now
		);
		expect(view).toMatchObject({ connection: 'no-network', label: 'Offline' });
		expect(view.detail).toBe(
			'No network. Your work is saved on this tablet. Trying again in 30 s.'
		);
		expect(syncBarView(idle, false, now).detail).toBe(
			'No network. Your work is saved on this tablet. It is sent as soon as the network is back.'
		);
	});

	it('tells a server answering 5xx (or too slow) from no network, with the time of the next try', () => {
		const at = new Date(2026, 11, 2, 14, 32, 10).getTime();
		const view = syncBarView({ ...idle, connectionFailure: 'server', nextRetryAt: at }, true, now);
		expect(view).toMatchObject({
			connection: 'server-not-answering',
			label: 'Server not answering'
		});
		expect(view.detail).toBe(
			"The council's server isn't answering just now. Your work is saved on this tablet. Trying again at 14:32."
		);
	});

	it('says Offline, naming both causes, when no connection was made though the browser says online', () => {
		const view = syncBarView({ ...idle, connectionFailure: 'unreachable' }, true, now);
		expect(view).toMatchObject({ connection: 'no-network', label: 'Offline' });
		expect(view.detail).toContain(
			"No connection to the council's server (no network, or the server is down)."
		);
	});

	it('never shows Syncing… while offline, and shows it (disabled) while a run goes online', () => {
		expect(syncBarView({ ...idle, running: true }, false, now)).toMatchObject({
			button: 'Sync now',
			busy: false
		});
		expect(syncBarView({ ...idle, running: true }, true, now)).toMatchObject({
			button: 'Syncing…',
			busy: true
		});
	});

	it('reads a status from before connectionFailure existed as all well', () => {
		const old: Omit<typeof idle, 'connectionFailure'> = { ...idle };
		delete (old as Partial<typeof idle>).connectionFailure;
		expect(syncBarView(old, true, now).connection).toBe('online');
	});
});

describe('describeRetry', () => {
	it('counts seconds up to a minute, then names the clock time', () => {
		expect(describeRetry(now + 500, now)).toBe('now');
		expect(describeRetry(now + 29_200, now)).toBe('in 30 s');
		expect(describeRetry(now + 60_000, now)).toBe('in 60 s');
		expect(describeRetry(new Date(2026, 11, 2, 14, 5, 0).getTime(), now)).toBe('at 14:05');
	});
});
