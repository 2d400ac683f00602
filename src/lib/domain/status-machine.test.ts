import { describe, expect, it } from 'vitest';
import { statuses, type Status } from './enums.ts';
import {
	checkMove,
	isOpen,
	memberMayEdit,
	memberMayRate,
	memberMayTellResident,
	nextStatuses,
	showsDue
} from './status-machine.ts';

// The edges as DESIGN.md draws them, written out again so a change to the machine shows here.
const designEdges: [Status, Status][] = [
	['draft', 'submitted'],
	['submitted', 'routed'],
	['routed', 'in_progress'],
	['routed', 'rejected'],
	['in_progress', 'responded'],
	['responded', 'closed'],
	['responded', 'reopened'],
	['reopened', 'in_progress']
];
const allowed = (from: Status, to: Status) => designEdges.some(([a, b]) => a === from && b === to);
const holding = (rule: (status: Status) => boolean) => statuses.filter(rule);

describe('the status machine', () => {
	it('allows exactly the moves DESIGN.md draws, and no other', () => {
		for (const from of statuses)
			for (const to of statuses)
				expect(checkMove(from, to).ok, `${from} -> ${to}`).toBe(allowed(from, to));
		for (const from of statuses)
			expect([...nextStatuses(from)].sort(), from).toEqual(
				designEdges
					.filter(([a]) => a === from)
					.map(([, b]) => b)
					.sort()
			);
	});

	it('reaches every status from a draft, and never goes back to draft', () => {
		const reached = new Set<Status>(['draft']);
		// A Set visits what is added while it is walked, so this walks the whole graph.
		for (const from of reached) for (const to of nextStatuses(from)) reached.add(to);
		expect([...reached].sort()).toEqual([...statuses].sort());
		expect(statuses.filter((s) => nextStatuses(s).includes('draft'))).toEqual([]);
	});

	it('says why a move is refused, in words a councillor reads', () => {
		expect(checkMove('in_progress', 'in_progress')).toEqual({
			ok: false,
			reason: 'The referral is already in progress.'
		});
		expect(checkMove('closed', 'reopened')).toEqual({
			ok: false,
			reason: 'A closed referral cannot change status.'
		});
		expect(checkMove('rejected', 'routed')).toEqual({
			ok: false,
			reason: 'A rejected referral cannot change status.'
		});
		expect(checkMove('routed', 'closed')).toEqual({
			ok: false,
			reason: 'A routed referral can only move to in progress or rejected.'
		});
	});

	it('gives the Member the description and resident until routing, and then the answer to act on', () => {
		expect(holding(memberMayEdit)).toEqual(['draft', 'submitted']);
		expect(holding(memberMayTellResident)).toEqual(['responded', 'closed']);
		expect(holding(memberMayRate)).toEqual(['responded', 'closed', 'reopened']);
	});

	it('counts as still waiting for the team every status between submission and the answer', () => {
		expect(holding(isOpen)).toEqual(['submitted', 'routed', 'in_progress', 'reopened']);
	});

	it('says when it is due only until the first answer, a reopened one included', () => {
		const due = '2026-12-16T17:00:00.000Z';
		expect(showsDue({ status: 'in_progress', dueAt: due, respondedAt: null })).toBe(true);
		expect(showsDue({ status: 'responded', dueAt: due, respondedAt: due })).toBe(false);
		expect(showsDue({ status: 'reopened', dueAt: due, respondedAt: due })).toBe(false);
		expect(showsDue({ status: 'routed', dueAt: null, respondedAt: null })).toBe(false);
	});
});
