// Ids made from names ("ward-denton-holme"), for the demo's rows and for those admins add:
// readable in logs and exports, and never reused.

/** "Denton Holme" -> "denton-holme"; accents fold to plain letters. */
export function slug(text: string): string {
	return (
		text
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '') || 'new'
	);
}

/** `<prefix>-<slug>`, with -2, -3… when taken. */
export function idFromName(prefix: string, name: string, taken: (id: string) => boolean): string {
	const base = `${prefix}-${slug(name)}`;
	let id = base;
	for (let n = 2; taken(id); n += 1) id = `${base}-${n}`;
	return id;
}
