// The server's storage as admins see it: the last backup and whether the disk is full.
import * as z from 'zod/mini';
import { request } from './request.ts';

export const StorageView = z.object({
	disk: z.object({ full: z.boolean(), since: z.nullable(z.string()) }),
	backup: z.object({
		dir: z.nullable(z.string()),
		everyHours: z.nullable(z.number()),
		keep: z.number(),
		lastAt: z.nullable(z.string()),
		lastOk: z.nullable(z.boolean()),
		lastPath: z.nullable(z.string()),
		lastError: z.nullable(z.string()),
		failuresInARow: z.number()
	})
});
export type StorageView = z.infer<typeof StorageView>;

export const fetchStorage = () => request('/api/admin/storage', { method: 'GET' }, StorageView);
