import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	createMutation,
	createPayload,
	createTestServer,
	type TestServer
} from '../testing/test-server.ts';

let server: TestServer;
let admin: string;
beforeEach(async () => {
	server = createTestServer();
	admin = await server.login('admin');
	const ahmed = await server.login('cllr.ahmed');
	await server.push(ahmed, [
		createMutation(),
		createMutation({
			payload: createPayload({
				wardId: 'ward-castle',
				categoryId: 'cat-fly-tipping',
				location: { address: '=1+2 Road, Carlisle', postcode: 'CA3 8DA' }
			})
		})
	]);
});
afterEach(() => server.close());

/** A small RFC 4180 reader, enough to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i += 1) {
		const ch = text[i];
		if (quoted && ch === '"' && text[i + 1] === '"') {
			cell += '"';
			i += 1;
		} else if (ch === '"') {
			quoted = !quoted;
		} else if (!quoted && ch === ',') {
			row.push(cell);
			cell = '';
		} else if (!quoted && ch === '\r' && text[i + 1] === '\n') {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
			i += 1;
		} else {
			cell += ch;
		}
	}
	return rows;
}

const download = async (query = '') => {
	const res = await server.request(`/api/exports/referrals.csv${query}`, { cookie: admin });
	const text = await res.text();
	return { res, text, rows: parseCsv(text.replace(/^\uFEFF/, '')) };
};

describe('GET /api/exports/referrals.csv', () => {
	it('is a CSV attachment named for its period', async () => {
		const { res } = await download('?from=2026-01-01&to=2026-03-02');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toBe(
			'attachment; filename="wardline-referrals-2026-01-01-to-2026-03-02.csv"'
		);
	});

	it('has one row per referral with street and district but no house number', async () => {
		const { rows } = await download();
		expect(rows[0]).toEqual([
			'Reference',
			'Received',
			'Ward',
			'Category',
			'Business Unit',
			'Channel',
			'Urgency',
			'Status',
			'Street',
			'Postcode district',
			'Due',
			'First response',
			'Working days to first response',
			'Within target'
		]);
		expect(rows).toHaveLength(3);
		const pothole = rows.find((r) => r[3] === 'Pothole');
		expect(pothole).toEqual([
			expect.stringMatching(/^CR-2026-\d{5}$/),
			'2026-03-02',
			'Belah',
			'Pothole',
			'Highways',
			'Ward surgery',
			'routine',
			'With the service team',
			'Warwick Road',
			'CA1',
			'2026-03-16',
			'',
			'',
			''
		]);
	});

	it('defuses a street that a spreadsheet would run as a formula', async () => {
		const { rows } = await download();
		expect(rows.find((r) => r[3] === 'Fly-tipping')?.[8]).toBe("'=1+2 Road");
	});

	it('filters by ward, category and period', async () => {
		expect((await download('?wardId=ward-castle')).rows).toHaveLength(2);
		expect((await download('?categoryId=cat-pothole')).rows).toHaveLength(2);
		expect((await download('?to=2026-03-01')).rows).toHaveLength(1);
	});
});
