// The unit's acknowledgement on a referral's timeline when it is routed to them, first or when
// passed on: "Received by Highways, target date 16 December", written in the routing's own
// transaction so the Member sees the team and the date together with the move.
import type { StoreDeps } from './store.ts';
import { addTimeline } from './store.ts';

// The council's calendar day, not UTC's: a target at 23:30 on the 15th (GMT+1) is the 16th.
const targetDay = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	day: 'numeric',
	month: 'long'
});

export function acknowledgementText(unitName: string, dueAt: string): string {
	return `Received by ${unitName}, target date ${targetDay.format(new Date(dueAt))}`;
}

/** Adds the acknowledgement, named for the unit rather than any one officer. */
export function acknowledgeRouting(
	deps: StoreDeps,
	referralId: string,
	unit: { name: string },
	dueAt: string
): void {
	addTimeline(deps, {
		referralId,
		kind: 'routed',
		by: null,
		byName: unit.name,
		text: acknowledgementText(unit.name, dueAt)
	});
}
