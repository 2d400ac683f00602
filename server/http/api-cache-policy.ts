// Nothing the API answers is kept in the browser's HTTP cache: referrals, pulls, photos, "who am
// I" and exports carry residents' personal data, and a cached copy would outlive the tablet's
// encryption at rest and sign-out. One rule for all of /api, so a new route cannot forget it.
import { createMiddleware } from 'hono/factory';

export const apiNoStore = createMiddleware(async (c, next) => {
	await next();
	// Set after the route (and the error handler) ran, over anything a route said that would
	// let a cache keep it (a route may say more, as `private, no-store`).
	if (!/\bno-store\b/.test(c.res.headers.get('Cache-Control') ?? ''))
		c.res.headers.set('Cache-Control', 'no-store');
});
