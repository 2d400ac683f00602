// What the sync bar says, from the engine's status and the browser's network hint: no network
// told apart from a council server that is not answering, when the next try is, and never
// "Syncing…" while there is no network to sync over.
import type { SyncStatus } from '$lib/sync/types.ts';

export type Connection = 'online' | 'no-network' | 'server-not-answering';

export interface SyncBarView {
	connection: Connection;
	/** The pill: "Online", "Offline", "Server not answering"... */
	label: string;
	/** A sentence on the problem and the next try; null when all is well. */
	detail: string | null;
	/** The button's words, and whether a run is already going (the button is then disabled). */
	button: 'Syncing…' | 'Sync now';
	busy: boolean;
	/** While a long pull runs: "Receiving referrals: 12,400 of 20,000". */
	progress: string | null;
}

const count = new Intl.NumberFormat('en-GB');

// One shared formatter (a new one per call is slow), in the tablet's own time zone.
const clockTime = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/** "in 30 s" up to a minute away, else "at 14:32". */
export function describeRetry(at: number, now: number): string {
	const seconds = Math.max(0, Math.ceil((at - now) / 1000));
	if (seconds <= 1) return 'now';
	if (seconds <= 60) return `in ${seconds} s`;
	return `at ${clockTime.format(new Date(at))}`;
}

export function syncBarView(
	status: Pick<
		SyncStatus,
		'running' | 'online' | 'nextRetryAt' | 'connectionFailure' | 'pullProgress'
	>,
	browserOnline: boolean,
	now: number
): SyncBarView {
	// The browser's "offline" is trusted; its "online" only until a request fails.
	const failure = status.connectionFailure ?? null;
	const connection: Connection =
		!browserOnline || failure === 'unreachable'
			? 'no-network'
			: failure === 'server'
				? 'server-not-answering'
				: 'online';
	const retry = status.nextRetryAt === null ? null : describeRetry(status.nextRetryAt, now);
	const trying =
		retry === null ? null : retry === 'now' ? 'Trying again now.' : `Trying again ${retry}.`;
	const busy = status.running && connection !== 'no-network';
	const button = busy ? 'Syncing…' : 'Sync now';
	const pull = status.pullProgress;
	const progress =
		pull && status.running
			? `Receiving referrals: ${count.format(pull.received)} of ${count.format(pull.total)}`
			: null;
	switch (connection) {
		case 'no-network': {
			// A request that got no connection while the browser says online: no way to tell a
			// network that goes nowhere from a server that is not listening, so say both.
			const why = browserOnline
				? "No connection to the council's server (no network, or the server is down)."
				: 'No network.';
			const when = trying ? ` ${trying}` : ' It is sent as soon as the network is back.';
			return {
				connection,
				label: 'Offline',
				detail: `${why} Your work is saved on this tablet.${when}`,
				button,
				busy,
				progress
			};
		}
		case 'server-not-answering':
			return {
				connection,
				label: 'Server not answering',
				detail: `The council's server isn't answering just now. Your work is saved on this tablet.${
					trying ? ` ${trying}` : ''
				}`,
				button,
				busy,
				progress
			};
		default:
			return { connection, label: 'Online', detail: null, button, busy, progress };
	}
}
