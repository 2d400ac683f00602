// Referral ids come from tablets, so officer pages cannot be prerendered either.
export const prerender = false;
