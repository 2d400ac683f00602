import { afterEach, describe, expect, it, vi } from 'vitest';
import { adminNeedsConnection, createWard, listWards } from './admin.ts';

afterEach(() => vi.unstubAllGlobals());

describe('admin calls', () => {
	it('go to /api/admin and pass on a refusal in the server’s words', async () => {
		const urls: string[] = [];
		vi.stubGlobal('fetch', async (url: string) => {
			urls.push(url);
			return new Response(
				JSON.stringify({ error: 'conflict', message: 'There is already a ward called Castle.' }),
				{ status: 409, headers: { 'content-type': 'application/json' } }
			);
		});
		expect(await createWard({ name: 'Castle' })).toEqual({
			ok: false,
			kind: 'fatal',
			status: 409,
			message: 'There is already a ward called Castle.'
		});
		expect(urls).toEqual(['/api/admin/wards']);
	});

	it('say a connection is needed, not that work is saved on the tablet', async () => {
		vi.stubGlobal('fetch', async () => {
			throw new TypeError('Failed to fetch');
		});
		expect(await listWards()).toEqual({
			ok: false,
			kind: 'offline',
			message: adminNeedsConnection
		});
		vi.stubGlobal('fetch', async () => new Response('Bad gateway', { status: 502 }));
		expect(await listWards()).toMatchObject({ ok: false, message: adminNeedsConnection });
	});
});
