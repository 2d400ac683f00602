// A single-page app: every page is a prerendered shell the service worker can precache.
export const prerender = true;
export const ssr = false;
export const trailingSlash = 'never';
