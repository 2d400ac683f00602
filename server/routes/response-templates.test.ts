// A unit's response templates: kept by its officers and admins, private to the unit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResponseTemplate, ResponseTemplateList } from '#domain/response-templates';
import { createTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let officer: string;
let admin: string;
beforeEach(async () => {
	server = createTestServer();
	officer = await server.login('officer.highways');
	admin = await server.login('admin');
});
afterEach(() => server.close());

const add = (cookie: string, json: unknown) =>
	server.request('/api/response-templates', { method: 'POST', cookie, json });

async function list(cookie: string, unitId = 'unit-highways') {
	const res = await server.request(`/api/response-templates?unitId=${unitId}`, { cookie });
	expect(res.status).toBe(200);
	return ResponseTemplateList.parse(await res.json()).templates;
}

const stored = () =>
	(server.sqlite.prepare('select count(*) as n from response_templates').get() as { n: number }).n;

describe('response templates', () => {
	it('an officer adds, changes and removes their team’s templates, listed by name', async () => {
		const res = await add(officer, {
			unitId: 'unit-highways',
			title: ' Pothole filled ',
			text: 'Our crew filled the pothole on {date}.'
		});
		expect(res.status).toBe(201);
		const made = ResponseTemplate.parse(await res.json());
		expect(made).toMatchObject({ unitId: 'unit-highways', title: 'Pothole filled' });
		await add(admin, { unitId: 'unit-highways', title: 'Already fixed', text: 'It was fixed.' });
		expect((await list(officer)).map((t) => t.title)).toEqual(['Already fixed', 'Pothole filled']);

		const patched = await server.request(`/api/response-templates/${made.id}`, {
			method: 'PATCH',
			cookie: officer,
			json: { text: 'Our crew filled the pothole this week.' }
		});
		expect(patched.status).toBe(200);
		expect(ResponseTemplate.parse(await patched.json())).toMatchObject({
			title: 'Pothole filled',
			text: 'Our crew filled the pothole this week.'
		});
		const removed = await server.request(`/api/response-templates/${made.id}`, {
			method: 'DELETE',
			cookie: officer
		});
		expect(removed.status).toBe(200);
		expect((await list(officer)).map((t) => t.title)).toEqual(['Already fixed']);
	});

	it('keeps another team’s templates from an officer, and Members out', async () => {
		const res = await add(admin, { unitId: 'unit-parks', title: 'Tree', text: 'Inspected.' });
		const parks = ResponseTemplate.parse(await res.json());
		const listed = await server.request('/api/response-templates?unitId=unit-parks', {
			cookie: officer
		});
		expect(listed.status).toBe(403);
		const patched = await server.request(`/api/response-templates/${parks.id}`, {
			method: 'PATCH',
			cookie: officer,
			json: { title: 'Mine now' }
		});
		expect(patched.status).toBe(404);
		expect((await add(officer, { unitId: 'unit-parks', title: 'x', text: 'y' })).status).toBe(403);
		const member = await server.login('cllr.ahmed');
		expect((await add(member, { unitId: 'unit-highways', title: 'x', text: 'y' })).status).toBe(
			403
		);
		expect((await list(admin, 'unit-parks')).map((t) => t.title)).toEqual(['Tree']);
	});

	it('refuses bad input with a clear message and stores nothing', async () => {
		const cases: [unknown, number, string][] = [
			[{ unitId: 'unit-highways', title: ' ', text: 'x' }, 400, 'Give the template a short name'],
			[{ unitId: 'unit-highways', title: 'x', text: '' }, 400, 'Write the answer'],
			[{ unitId: 'unit-highways', title: 'x'.repeat(81), text: 'y' }, 400, 'under 80'],
			[{ unitId: 'unit-nowhere', title: 'x', text: 'y' }, 403, 'Only an admin or an officer'],
			[{ unitId: 'unit-highways', title: 'x', text: 'y', extra: 1 }, 400, '']
		];
		for (const [json, status, message] of cases) {
			const res = await add(officer, json);
			expect(res.status, JSON.stringify(json)).toBe(status);
			expect(await res.text()).toContain(message);
		}
		const noUnit = await add(admin, { unitId: 'unit-nowhere', title: 'x', text: 'y' });
		expect(noUnit.status).toBe(400);
		expect(await noUnit.text()).toContain('There is no such team');
		expect(stored()).toBe(0);
		const noQuery = await server.request('/api/response-templates', { cookie: officer });
		expect(noQuery.status).toBe(400);
		expect(await noQuery.text()).toContain('unitId');
	});
});
