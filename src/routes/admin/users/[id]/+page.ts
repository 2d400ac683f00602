// User ids are made when an admin adds someone, so this page is served by the SPA fallback.
export const prerender = false;
