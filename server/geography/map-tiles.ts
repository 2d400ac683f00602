// MAP_TILE_URL: a council's own raster tile server under the SVG ward maps. The CSP then allows
// images from that origin, and from no other; unset, the maps are SVG alone.

/** The template if it is an http(s) URL with {z}, {x} and {y}; else why not. */
export function parseTileUrl(
	raw: string
): { ok: true; url: string } | { ok: false; reason: string } {
	const url = raw.trim();
	if (!['{z}', '{x}', '{y}'].every((part) => url.includes(part)))
		return { ok: false, reason: 'it must contain {z}, {x} and {y}' };
	const probe = url.replace(/\{[xyz]\}/g, '0');
	if (!URL.canParse(probe)) return { ok: false, reason: 'it is not a URL' };
	if (!/^https?:$/.test(new URL(probe).protocol))
		return { ok: false, reason: 'it must start with https:// (or http://)' };
	return { ok: true, url };
}

export function tileOrigin(tileUrl: string): string {
	return new URL(tileUrl.replace(/\{[xyz]\}/g, '0')).origin;
}

/** The policy with the tile server's origin added to img-src (and nothing else changed). */
export function allowTileImages(csp: string, tileUrl: string | null): string {
	if (!tileUrl) return csp;
	const origin = tileOrigin(tileUrl);
	return csp.replace(/img-src ([^;]*)/, (_all, sources: string) => `img-src ${sources} ${origin}`);
}
