// GET /api/device-key?deviceId=: this user's recovery secret for one tablet, made on first ask.
// The tablet wraps its data key with it, so a fresh sign-in can unlock a forgotten passphrase.
import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../context.ts';
import { deviceKeys } from '../db/schema.ts';
import { badRequest } from '../http/errors.ts';
import { requireSession } from '../http/session-middleware.ts';

export const DeviceId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);

export function deviceKeyRoutes(deps: AppDeps) {
	return new Hono<AppEnv>().use(requireSession(deps)).get('/', (c) => {
		const parsed = DeviceId.safeParse(c.req.query('deviceId'));
		if (!parsed.success) throw badRequest('Say which tablet this is (deviceId).');
		const deviceId = parsed.data;
		const userId = c.get('user').id;
		const where = and(eq(deviceKeys.userId, userId), eq(deviceKeys.deviceId, deviceId));
		// Insert-if-absent then read, so two first calls at once still agree on one secret.
		deps.db
			.insert(deviceKeys)
			.values({ userId, deviceId, secret: randomBytes(32), createdAt: deps.clock().toISOString() })
			.onConflictDoNothing()
			.run();
		const row = deps.db.select().from(deviceKeys).where(where).get();
		if (!row) throw new Error('The device key was not stored.');
		c.header('Cache-Control', 'no-store');
		return c.json({ deviceId, secret: Buffer.from(row.secret).toString('base64') }, 200);
	});
}
