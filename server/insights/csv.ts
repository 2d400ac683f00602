// CSV as spreadsheets read it (RFC 4180 quoting, CRLF lines), with every cell that a spreadsheet
// would run as a formula (= + - @, tab, carriage return) defused by a leading apostrophe.
export type Cell = string | number | boolean | null;

const formulaStart = /^[=+\-@\t\r]/;

export function csvCell(value: Cell): string {
	if (value === null) return '';
	let text = typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
	if (formulaStart.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: Cell[]): string {
	return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A whole file: header, rows, and a byte-order mark so Excel reads it as UTF-8. */
export function toCsv(header: string[], rows: Cell[][]): string {
	return `\uFEFF${csvLine(header)}${rows.map(csvLine).join('')}`;
}
