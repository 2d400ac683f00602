import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.ts';

describe('CSV cells', () => {
	it.each([
		['plain', 'plain'],
		['a, b', '"a, b"'],
		['say "hi"', '"say ""hi"""'],
		['two\nlines', '"two\nlines"'],
		[null, ''],
		[true, 'yes'],
		[false, 'no'],
		[12, '12']
	] as const)('%j is written as %s', (value, written) => {
		expect(csvCell(value)).toBe(written);
	});

	it.each(['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])(
		'%j cannot run as a spreadsheet formula',
		(value) => {
			const written = csvCell(value);
			expect(written.replace(/^"/, '').startsWith("'")).toBe(true);
		}
	);

	it('a formula with a comma is both defused and quoted', () => {
		expect(csvCell('=HYPERLINK("http://x", "y")')).toBe(`"'=HYPERLINK(""http://x"", ""y"")"`);
	});
});

it('a file starts with a byte-order mark and ends lines with CRLF', () => {
	expect(toCsv(['A', 'B'], [['1', null]])).toBe('\uFEFFA,B\r\n1,\r\n');
});
