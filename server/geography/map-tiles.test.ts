import { describe, expect, it } from 'vitest';
import { defaultCsp } from '../context.ts';
import { createTestServer } from '../testing/test-server.ts';
import { allowTileImages, parseTileUrl } from './map-tiles.ts';

describe('MAP_TILE_URL', () => {
	it('must be an http(s) URL template with {z}, {x} and {y}', () => {
		expect(parseTileUrl('https://tiles.example.gov.uk/{z}/{x}/{y}.png')).toEqual({
			ok: true,
			url: 'https://tiles.example.gov.uk/{z}/{x}/{y}.png'
		});
		expect(parseTileUrl('https://tiles.example.gov.uk/tile.png')).toMatchObject({ ok: false });
		expect(parseTileUrl('ftp://tiles.example.gov.uk/{z}/{x}/{y}.png')).toMatchObject({
			ok: false
		});
	});

	it('adds its origin, and only that, to the images the CSP allows', () => {
		const csp = allowTileImages(defaultCsp, 'https://tiles.example.gov.uk:8443/{z}/{x}/{y}.png');
		expect(csp).toContain("img-src 'self' blob: data: https://tiles.example.gov.uk:8443;");
		expect(csp.replace(' https://tiles.example.gov.uk:8443', '')).toBe(defaultCsp);
		expect(allowTileImages(defaultCsp, null)).toBe(defaultCsp);
	});

	it('reaches the tablet through GET /api/geography', async () => {
		const server = createTestServer({
			config: { mapTileUrl: 'https://tiles.example.gov.uk/{z}/{x}/{y}.png' }
		});
		try {
			const cookie = await server.login('cllr.ahmed');
			const summary = await (await server.request('/api/geography', { cookie })).json();
			expect(summary).toMatchObject({
				tileUrl: 'https://tiles.example.gov.uk/{z}/{x}/{y}.png',
				wards: 12,
				postcodes: 960
			});
		} finally {
			server.close();
		}
	});
});
