// Referral ids are made on tablets, so these pages cannot be prerendered: the SPA fallback serves them.
export const prerender = false;
