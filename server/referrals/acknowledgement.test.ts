import { describe, expect, it } from 'vitest';
import { acknowledgementText } from './acknowledgement.ts';

describe('the routing acknowledgement', () => {
	it('names the team and the target day on the council’s calendar', () => {
		expect(acknowledgementText('Highways', '2026-12-16T09:00:00.000Z')).toBe(
			'Received by Highways, target date 16 December'
		);
		// 23:30 UTC on 15 June is 00:30 on the 16th in London (BST).
		expect(acknowledgementText('Parks', '2026-06-15T23:30:00.000Z')).toBe(
			'Received by Parks, target date 16 June'
		);
	});
});
