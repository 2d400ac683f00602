// Admin: wards, Business Units and categories with their routing (/api/admin/wards, /units,
// /categories): list, add, change or retire. The rules are the directory's (server/directory).
import { Hono } from 'hono';
import {
	CategoryInput,
	CategoryPatch,
	UnitInput,
	UnitPatch,
	WardInput,
	WardPatch
} from '#domain/admin';
import type { AppDeps, AppEnv } from '../context.ts';
import {
	createCategory,
	createUnit,
	createWard,
	listCategories,
	listUnits,
	listWards,
	updateCategory,
	updateUnit,
	updateWard
} from '../directory/store.ts';
import { readJson } from '../http/json-body.ts';
import { unwrap } from '../http/outcome.ts';
import { adminRouter } from './admin-common.ts';

function wardRoutes(deps: AppDeps) {
	return adminRouter(deps)
		.get('/', (c) => c.json({ wards: listWards(deps.db) }, 200))
		.post('/', async (c) => {
			const body = await readJson(c, WardInput);
			return c.json(unwrap(createWard(deps, c.get('user'), body)), 201);
		})
		.patch('/:id', async (c) => {
			const body = await readJson(c, WardPatch);
			return c.json(unwrap(updateWard(deps, c.get('user'), c.req.param('id'), body)), 200);
		});
}

function unitRoutes(deps: AppDeps) {
	return adminRouter(deps)
		.get('/', (c) => c.json({ units: listUnits(deps.db) }, 200))
		.post('/', async (c) => {
			const body = await readJson(c, UnitInput);
			return c.json(unwrap(createUnit(deps, c.get('user'), body)), 201);
		})
		.patch('/:id', async (c) => {
			const body = await readJson(c, UnitPatch);
			return c.json(unwrap(updateUnit(deps, c.get('user'), c.req.param('id'), body)), 200);
		});
}

function categoryRoutes(deps: AppDeps) {
	return adminRouter(deps)
		.get('/', (c) => c.json({ categories: listCategories(deps.db) }, 200))
		.post('/', async (c) => {
			const body = await readJson(c, CategoryInput);
			return c.json(unwrap(createCategory(deps, c.get('user'), body)), 201);
		})
		.patch('/:id', async (c) => {
			const body = await readJson(c, CategoryPatch);
			return c.json(unwrap(updateCategory(deps, c.get('user'), c.req.param('id'), body)), 200);
		});
}

/** Mounted at /api/admin. */
export function adminDirectoryRoutes(deps: AppDeps) {
	return new Hono<AppEnv>()
		.route('/wards', wardRoutes(deps))
		.route('/units', unitRoutes(deps))
		.route('/categories', categoryRoutes(deps));
}
