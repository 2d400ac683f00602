import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { geographyImports, postcodes, wardBoundaries, wards } from '../db/schema.ts';
import { boundaryFile, onspdFile, squareWard } from '../geography/testing/geography-files.ts';
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
});
afterEach(() => server.close());

function send(kind: 'wards' | 'postcodes', body: BodyInit, query = '', type?: string) {
	return server.request(`/api/admin/geography/${kind}${query}`, {
		method: 'POST',
		cookie: admin,
		body,
		headers: { 'content-type': type ?? (kind === 'wards' ? 'application/geo+json' : 'text/csv') }
	});
}

/** Everything an import could change, to show that a refused one changed nothing. */
function snapshot() {
	return {
		wards: server.db.select().from(wards).orderBy(wards.id).all(),
		boundaries: server.db
			.select({ wardId: wardBoundaries.wardId, importId: wardBoundaries.importId })
			.from(wardBoundaries)
			.all(),
		postcodes: server.db.select({ n: count() }).from(postcodes).get()?.n,
		imports: server.db.select({ n: count() }).from(geographyImports).get()?.n
	};
}

describe('importing ward boundaries', () => {
	it('checks a file without changing anything, then imports it: matched by code, new wards added, missing ones retired', async () => {
		const file = boundaryFile((features) => [
			...features.filter((f) => f.properties?.WD24NM !== 'Yewdale'),
			squareWard('E05999099', 'Harraby South')
		]);
		// A referral made in Yewdale before the boundaries change keeps Yewdale.
		const member = await server.login('cllr.ahmed');
		const create = createMutation({ payload: createPayload({ wardId: 'ward-yewdale' }) });
		expect((await (await server.push(member, [create])).json()).results[0].status).toBe('applied');
		const before = snapshot();

		const checked = await send('wards', file, '?check=1');
		expect(checked.status).toBe(200);
		const { report } = await checked.json();
		expect(report).toMatchObject({ applied: false, read: 12, matched: 11, refusedCount: 0 });
		expect(report.retired).toEqual([{ wardId: 'ward-yewdale', name: 'Yewdale' }]);
		expect(report.wards.at(-1)).toEqual({
			code: 'E05999099',
			name: 'Harraby South',
			wardId: null,
			how: 'new'
		});
		expect(snapshot()).toEqual(before);

		const imported = await send('wards', file);
		expect(imported.status).toBe(200);
		expect((await imported.json()).report).toMatchObject({ applied: true, matched: 11 });
		const after = snapshot();
		expect(after.wards.find((w) => w.id === 'ward-yewdale')).toMatchObject({
			active: false,
			code: 'E05999012'
		});
		expect(after.wards.find((w) => w.id === 'ward-harraby-south')).toMatchObject({
			active: true,
			code: 'E05999099'
		});
		expect(after.boundaries).toHaveLength(13);
		const referral = await (
			await server.request(`/api/referrals/${create.referralId}`, { cookie: admin })
		).json();
		expect(referral.wardId).toBe('ward-yewdale');

		// Yewdale's code comes back in a later file: the same ward, in use again.
		const again = await send('wards', boundaryFile());
		expect(
			(await again.json()).report.wards.find((w: { code: string }) => w.code === 'E05999012')
		).toMatchObject({ wardId: 'ward-yewdale', how: 'code', reactivated: true });
		expect(snapshot().wards.find((w) => w.id === 'ward-yewdale')?.active).toBe(true);
	});

	it('links a code to a ward that has none yet, as the admin chose, and records who imported', async () => {
		const created = await server.request('/api/admin/wards', {
			method: 'POST',
			cookie: admin,
			json: { name: 'St Aidans' }
		});
		expect(created.status).toBe(201);
		const file = boundaryFile((features) => [
			...features,
			squareWard('E05999050', 'St Aidan’s and Botcherby East')
		]);
		const checked = (await (await send('wards', file, '?check=1')).json()).report;
		expect(checked.linkable).toEqual([{ wardId: 'ward-st-aidans', name: 'St Aidans' }]);
		const linked = await send('wards', file, '?link=E05999050:ward-st-aidans');
		expect(linked.status).toBe(200);
		expect((await linked.json()).report.wards.at(-1)).toMatchObject({
			wardId: 'ward-st-aidans',
			how: 'link'
		});
		expect(snapshot().wards.find((w) => w.id === 'ward-st-aidans')?.code).toBe('E05999050');
		const status = await (await server.request('/api/admin/geography', { cookie: admin })).json();
		expect(status.imports[0]).toMatchObject({
			kind: 'wards',
			by: 'Alex Morgan (Communications)',
			read: 13,
			matched: 13
		});
		expect(status.wards.find((w: { id: string }) => w.id === 'ward-belah')).toMatchObject({
			code: 'E05999001',
			hasBoundary: true,
			postcodes: 80
		});
	});

	const badFiles: [string, () => string, RegExp][] = [
		['is not JSON', () => 'WD24CD,WD24NM\nE05999001,Belah', /not GeoJSON/],
		[
			'is JSON but not a FeatureCollection',
			() => JSON.stringify({ type: 'Feature' }),
			/not a GeoJSON FeatureCollection/
		],
		[
			'has a feature without a code',
			() =>
				boundaryFile((f) => {
					delete f[2].properties?.WD24CD;
					return f;
				}),
			/^Feature 3 \(Castle\) has no ward code/
		],
		[
			'has a polygon that does not close',
			() =>
				boundaryFile((f) => {
					(f[0].geometry as { coordinates: number[][][] }).coordinates[0].pop();
					return f;
				}),
			/^Feature 1 \(Belah\): its polygon, its outer ring does not close/
		],
		[
			'is in eastings and northings',
			() =>
				boundaryFile((f) => {
					(f[0].geometry as { coordinates: number[][][] }).coordinates[0] = [
						[340000, 555000],
						[341000, 555000],
						[341000, 556000],
						[340000, 555000]
					];
					return f;
				}),
			/eastings and northings/
		],
		[
			'has a point, not an area',
			() =>
				boundaryFile((f) => {
					f[1].geometry = { type: 'Point', coordinates: [-2.9, 54.9] };
					return f;
				}),
			/^Feature 2 \(Botcherby\): its geometry is a Point/
		]
	];
	for (const [what, file, message] of badFiles)
		it(`refuses a file that ${what}, saying why, and changes nothing`, async () => {
			const before = snapshot();
			const res = await send('wards', file());
			expect(res.status).toBe(400);
			const body = await res.json();
			expect(body.error).toBe('refused');
			const reason = body.report.problem ?? body.report.refused[0].reason;
			expect(reason).toMatch(message);
			expect(body.report.applied).toBe(false);
			expect(snapshot()).toEqual(before);
		});

	it('takes GeoJSON and JSON only', async () => {
		const res = await send('wards', boundaryFile(), '', 'text/plain');
		expect(res.status).toBe(415);
		expect((await res.json()).message).toMatch(/application\/geo\+json/);
	});
});

describe('importing the postcode lookup', () => {
	it('reads an ONS Postcode Directory extract: terminated, unlocated and outside postcodes are skipped, the rest replace the lookup', async () => {
		const file = onspdFile([
			'"CA1 9ZZ","CA1  9ZZ","CA1 9ZZ","199801","200512","E05999001",54.9,-2.95',
			'"CA1 9ZY","CA1  9ZY","CA1 9ZY","199801","","",99.999999,0.000000',
			'"CA8 1AA","CA8  1AA","CA8 1AA","199801","","E05000001",54.95,-2.7'
		]);
		const res = await send('postcodes', file);
		expect(res.status).toBe(200);
		const { report } = await res.json();
		expect(report).toMatchObject({ applied: true, read: 963, matched: 960, refusedCount: 0 });
		expect(report.skipped.map((s: { count: number }) => s.count)).toEqual([1, 1, 1]);
		const lookup = await (
			await server.request('/api/geography/postcodes', { cookie: admin })
		).json();
		expect(lookup.postcodes).toHaveLength(960);
		// ONSPD has no street column.
		expect(lookup.postcodes.find((p: { postcode: string }) => p.postcode === 'CA1 1AA')).toEqual({
			postcode: 'CA1 1AA',
			lat: expect.any(Number),
			lng: expect.any(Number),
			wardId: 'ward-belah',
			street: null
		});
	});

	it('reads the minimal header, with a street column', async () => {
		const res = await send(
			'postcodes',
			'Postcode,Latitude,Longitude,Ward_Code,Street\nca11aa,54.9,-2.95,E05999001,Warwick Road\n'
		);
		expect(res.status).toBe(200);
		expect((await res.json()).report).toMatchObject({ read: 1, matched: 1 });
		expect(server.db.select().from(postcodes).all()).toEqual([
			{ postcode: 'CA1 1AA', lat: 54.9, lng: -2.95, wardId: 'ward-belah', street: 'Warwick Road' }
		]);
	});

	it('refuses a file with a column missing, naming it, and changes nothing', async () => {
		const before = snapshot();
		const res = await send('postcodes', 'pcds,lat,osward\nCA1 1AA,54.9,E05999001\n');
		expect(res.status).toBe(400);
		expect((await res.json()).message).toMatch(/no column for the longitude \(long or longitude\)/);
		expect(snapshot()).toEqual(before);
	});

	it('refuses a file with a malformed postcode or a bad latitude, line by line, and changes nothing', async () => {
		const before = snapshot();
		const file =
			'postcode,latitude,longitude,ward_code\nCA1 1AA,54.9,-2.95,E05999001\nCA1 1A,54.9,-2.95,E05999001\nCA1 1AB,north,-2.95,E05999001\nCA1 1AA,54.9,-2.95,E05999001\n';
		const res = await send('postcodes', file);
		expect(res.status).toBe(400);
		const body = await res.json();
		expect(body.message).toBe(
			'3 of 4 rows were refused, so nothing was changed. Correct them and import the file again.'
		);
		expect(body.report.refused).toEqual([
			{ line: 3, reason: '“CA1 1A” is not a UK postcode' },
			{ line: 4, reason: 'CA1 1AB: the latitude and longitude must be numbers' },
			{ line: 5, reason: 'CA1 1AA is in the file twice (first on line 2)' }
		]);
		expect(snapshot()).toEqual(before);
	});

	it('refuses a file that is not CSV at all', async () => {
		const res = await send('postcodes', boundaryFile());
		expect(res.status).toBe(400);
		expect((await res.json()).message).toMatch(/no column for the postcode|cannot be read as CSV/);
	});
});

describe('a file too large', () => {
	const megabyte = new Uint8Array(1024 * 1024).fill(0x61);

	it('is refused at once when it says it is 200 MB', async () => {
		const res = await server.request('/api/admin/geography/postcodes', {
			method: 'POST',
			cookie: admin,
			headers: { 'content-type': 'text/csv', 'content-length': String(200 * 1024 * 1024) },
			body: megabyte
		});
		expect(res.status).toBe(413);
		expect((await res.json()).message).toMatch(/larger than 50 MB/);
	});

	it('is cut off at 50 MB when sent as a 200 MB stream, and nothing changes', async () => {
		const before = snapshot();
		let sent = 0;
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (sent >= 200) return controller.close();
				sent += 1;
				controller.enqueue(megabyte);
			}
		});
		const res = await server.request('/api/admin/geography/wards', {
			method: 'POST',
			cookie: admin,
			headers: { 'content-type': 'application/geo+json' },
			body,
			duplex: 'half'
		} as RequestInit);
		expect(res.status).toBe(413);
		expect(sent).toBeLessThan(60);
		expect(snapshot()).toEqual(before);
	});
});
