// The subject access file as a page a resident can read: the same content as the JSON file, laid
// out with headings and tables, photos inline, ready to print or save as PDF. One self-contained
// file with no script and no outside resource, so it opens the same anywhere, offline.
import type { SubjectAccessFile } from './subject-access.ts';

const escapes: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};

/** Text as HTML: every value in this page is someone's words, so each is escaped. */
export function escapeHtml(value: unknown): string {
	return String(value ?? '').replace(/[&<>"']/g, (c) => escapes[c]);
}

const londonDateTime = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit'
});

const when = (iso: string | null | undefined) =>
	iso ? escapeHtml(londonDateTime.format(new Date(iso))) : 'not recorded';

const words = (code: string | null | undefined) =>
	code ? escapeHtml(code.replaceAll('_', ' ')) : 'none';

const yesNo = (value: boolean | null | undefined) =>
	value === null || value === undefined ? 'not asked' : value ? 'yes' : 'no';

function rows(pairs: [string, string][]): string {
	return pairs
		.map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${value}</td></tr>`)
		.join('\n');
}

function table(caption: string, head: string[], body: string[][]): string {
	if (body.length === 0) return `<p>${escapeHtml(caption)}: none.</p>`;
	return `<table>
<caption>${escapeHtml(caption)}</caption>
<thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>
${body.map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n')}
</tbody>
</table>`;
}

type Referral = SubjectAccessFile['referrals'][number];

function photo(p: Referral['photos'][number]): string {
	if (p.included && p.base64 && /^image\/(jpeg|png|webp)$/.test(p.contentType))
		return `<figure><img src="data:${p.contentType};base64,${p.base64}" alt="Photo ${escapeHtml(p.id)} sent with the referral"><figcaption>Photo ${escapeHtml(p.id)}</figcaption></figure>`;
	return `<p>Photo ${escapeHtml(p.id)} (${escapeHtml(p.contentType)}, ${Math.ceil(p.size / 1024)} KB) is not shown here: it was too large to fit in one file.</p>`;
}

function referral(r: Referral): string {
	const resident = r.resident;
	return `<section class="referral">
<h2>${escapeHtml(r.reference)}: ${escapeHtml(r.category)}</h2>
<table class="facts">
<tbody>
${rows([
	['Status', words(r.status)],
	['Received', when(r.receivedAt)],
	['Written down', when(r.capturedAt)],
	['Ward Member', escapeHtml(r.member)],
	['Ward', escapeHtml(r.ward)],
	['Council team', r.businessUnit ? escapeHtml(r.businessUnit) : 'not yet passed to a team'],
	['How it came in', words(r.channel)],
	['Urgency', words(r.urgency)],
	['Where', escapeHtml([r.location.address, r.location.postcode].filter(Boolean).join(', '))],
	['Closed', r.closedAt ? when(r.closedAt) : 'not closed'],
	['Rating given', r.rating === null ? 'none' : `${escapeHtml(r.rating)} of 5`],
	[
		'Sent to the council’s CRM as',
		r.crmServiceRequestId ? escapeHtml(r.crmServiceRequestId) : 'not sent'
	]
])}
</tbody>
</table>
<h3>What was reported</h3>
<p class="text">${escapeHtml(r.description)}</p>
${r.ratingComment ? `<h3>Comment with the rating</h3><p class="text">${escapeHtml(r.ratingComment)}</p>` : ''}
<h3>The resident’s details on this referral</h3>
<table class="facts">
<tbody>
${rows([
	['Name', escapeHtml(resident.name)],
	['Address', resident.address ? escapeHtml(resident.address) : 'not given'],
	['Phone', resident.phone ? escapeHtml(resident.phone) : 'not given'],
	['E-mail', resident.email ? escapeHtml(resident.email) : 'not given'],
	['Prefers to be contacted by', words(resident.preferredContact)],
	['Agreed to share with other bodies', yesNo(resident.consentToShare)],
	['Bodies named', resident.shareWith ? escapeHtml(resident.shareWith) : 'none']
])}
</tbody>
</table>
<h3>History</h3>
${table(
	'What happened to this referral',
	['When', 'What', 'Who', 'Words'],
	r.timeline.map((e) => [
		when(e.at),
		words(e.kind),
		escapeHtml(e.by),
		`<span class="text">${escapeHtml(e.text)}</span>`
	])
)}
<h3>Photos</h3>
${r.photos.length === 0 ? '<p>No photos.</p>' : r.photos.map(photo).join('\n')}
<h3>Who looked at or changed it</h3>
${table(
	'Council staff who opened or changed this referral',
	['When', 'Who', 'What'],
	r.accessLog.map((a) => [
		when(a.at),
		escapeHtml(a.by),
		words(a.action) + (a.detail ? ` (${escapeHtml(a.detail)})` : '')
	])
)}
</section>`;
}

const style = `
body { font: 16px/1.5 Arial, sans-serif; color: #0b0c0c; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.75rem; } h2 { font-size: 1.375rem; margin-top: 2rem; border-top: 2px solid #0b0c0c; padding-top: 1rem; }
h3 { font-size: 1.125rem; margin-bottom: 0.25rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #b1b4b6; padding: 0.35rem 0.5rem 0.35rem 0; }
table.facts th { width: 16rem; font-weight: normal; color: #505a5f; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
figure { margin: 0.5rem 0; } img { max-width: 100%; max-height: 20rem; }
.cover { background: #f3f2f1; padding: 0.75rem 1rem; }
@media print { body { margin: 0; max-width: none; } section.referral { break-before: page; } tr, figure { break-inside: avoid; } }
`;

/** The whole page. */
export function subjectAccessHtml(file: SubjectAccessFile): string {
	return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${escapeHtml(file.title)}</title>
<style>${style}</style>
</head>
<body>
<h1>${escapeHtml(file.title)}</h1>
<div class="cover">
${file.coverNote.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p>Made by ${escapeHtml(file.generatedBy)} on ${when(file.generatedAt)}.</p>
</div>
<h2>The person’s details as held</h2>
${table(
	'Each set of name and contact details found',
	['Name', 'Address', 'Phone', 'E-mail', 'Referrals'],
	file.residents.map((r) => [
		escapeHtml(r.name),
		escapeHtml(r.address ?? ''),
		escapeHtml(r.phone ?? ''),
		escapeHtml(r.email ?? ''),
		escapeHtml(r.references.join(', '))
	])
)}
${file.referrals.map(referral).join('\n')}
<h2>Mentions on other people’s referrals</h2>
${table(
	'Passages on other referrals that name the person',
	['Referral', 'When', 'Who wrote it', 'Words'],
	file.mentions.map((m) => [
		escapeHtml(m.reference),
		when(m.at),
		escapeHtml(m.by),
		`<span class="text">${escapeHtml(m.text)}</span>`
	])
)}
${file.photosLeftOut ? `<p>${escapeHtml(file.photosLeftOut)}</p>` : ''}
</body>
</html>
`;
}
