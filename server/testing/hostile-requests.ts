// fast-check generators of hostile HTTP requests for server/http/hostile-input.test.ts: broken and
// oversized bodies, prototype-pollution keys, wrong types and content types, nasty ids and queries.
import fc from 'fast-check';
import {
	dates,
	encode,
	huge,
	knownKeys,
	knownQueryKeys,
	nastyStrings,
	overLimit,
	plausible,
	protoKeys,
	routeQueryKeys
} from './hostile-values.ts';

export interface HostileRequest {
	params: string[];
	query: string;
	contentType: string | null;
	body: string | Uint8Array<ArrayBuffer> | undefined;
}

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
	fc.constantFrom<unknown>(null, true, false, 0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, huge),
	fc.constantFrom(...nastyStrings, ...dates),
	fc.string({ maxLength: 30 }),
	fc.string({ unit: 'binary', maxLength: 30 }),
	fc.double(),
	fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }),
	fc.anything({ maxDepth: 3 })
);

const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
	fc.constantFrom<unknown>(...plausible),
	fc.integer({ min: -1, max: 61 }),
	fc.array(fc.constantFrom(...plausible), { maxLength: 3 }),
	hostileValue
);
const fields = fc.dictionary(fc.constantFrom(...knownKeys), fieldValue, { maxKeys: 4 });

/** Known fields with plausible or hostile values, as raw JSON text. */
const fieldsBody = fields.map((f) => JSON.stringify(f));

/**
 * The same led by `"__proto__": {...}` (or constructor, prototype): never a valid body, so safe
 * to send where a valid one would really change something (a route without an id to miss).
 */
const pollutingBody = fc.tuple(fc.constantFrom(...protoKeys), fields).map(([proto, f]) => {
	const rest = JSON.stringify(f).slice(1, -1);
	return `{"${proto}":{"role":"admin","isAdmin":true}${rest ? `,${rest}` : ''}}`;
});

const depth = 50_000;
const brokenJson = fc.constantFrom(
	'',
	'null',
	'[]',
	'{}',
	'"x"',
	'NaN',
	'Infinity',
	'{"a":NaN}',
	"{'a':1}",
	'{"a":1,}',
	'{"a":',
	'\ufeff{}',
	'[1,2',
	'{"a":"\\ud800"}',
	'{"a":"\\u0000"}',
	'{"mutations":[{"payload":{"__proto__":{"x":1}}}],"deviceId":"d"}',
	'['.repeat(depth) + ']'.repeat(depth),
	'{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
	overLimit
);

const invalidUtf8 = fc
	.uint8Array({ maxLength: 40 })
	.map(
		(bytes) =>
			new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xc0, ...bytes, 0x22, 0x7d])
	);

const jsonBody: fc.Arbitrary<string | Uint8Array<ArrayBuffer>> = fc.oneof(
	fc.anything().map((v) => JSON.stringify(v) ?? 'undefined'),
	pollutingBody,
	brokenJson,
	fc.string({ maxLength: 200 }),
	invalidUtf8
);

const jsonTypes = fc.constantFrom(
	'application/json',
	'application/json; charset=utf-8',
	'APPLICATION/JSON',
	'application/json, text/plain'
);
const otherTypes = fc.constantFrom(
	null,
	'',
	'text/plain',
	'application/x-www-form-urlencoded',
	'multipart/form-data; boundary=x',
	'image/jpeg',
	'application/xml',
	'application/jsonx'
);
const imageTypes = fc.constantFrom('image/jpeg', 'image/png', 'image/webp', 'image/svg+xml');

const segment = fc.oneof(
	fc.constantFrom(
		'..',
		'..%2F..%2Fetc%2Fpasswd',
		'%2e%2e',
		'%00',
		'%zz',
		'%',
		'%C0%AF',
		"1'%20OR%20'1'%3D'1",
		'%27%3B%20DROP%20TABLE%20referrals%3B--',
		'NaN',
		'-1',
		'9'.repeat(400),
		'a'.repeat(10_000),
		'%F0%9F%98%80',
		'__proto__',
		'constructor',
		'.json',
		'x.json'
	),
	fc.string({ maxLength: 40 }).map(encode),
	fc.uuid()
);

const queryPart = (keys: string[]) =>
	fc
		.tuple(
			fc.oneof(
				{ weight: 8, arbitrary: fc.constantFrom(...keys) },
				{ weight: 2, arbitrary: fc.constantFrom(...knownQueryKeys) },
				{ weight: 1, arbitrary: fc.constantFrom(...protoKeys, 'toString', '') },
				{ weight: 1, arbitrary: fc.string({ maxLength: 10 }).map(encode) }
			),
			fc.oneof(
				{ weight: 3, arbitrary: fc.constantFrom(...plausible).map(encode) },
				{ weight: 2, arbitrary: fc.constantFrom(...nastyStrings).map(encode) },
				{ weight: 2, arbitrary: fc.constantFrom(...dates).map(encode) },
				{ weight: 1, arbitrary: fc.constantFrom('%zz', '%', '%00', '%2', 'a'.repeat(5_000)) },
				{ weight: 1, arbitrary: fc.string({ maxLength: 20 }).map(encode) }
			)
		)
		.map(([key, value]) => `${key}=${value}`);

type Body = Pick<HostileRequest, 'contentType' | 'body'>;
const bare: Body = { contentType: null, body: undefined };

function writeBody(withId: boolean, photo: boolean): fc.Arbitrary<Body> {
	if (photo)
		return fc.record({
			contentType: fc.oneof(imageTypes, otherTypes, jsonTypes),
			// Anything but a real image signature: that would be a genuine upload.
			body: fc.oneof(
				fc
					.uint8Array({ maxLength: 64 })
					.filter((b) => b[0] !== 0xff && b[0] !== 0x89 && b[0] !== 0x52),
				jsonBody
			)
		});
	return fc.oneof(
		{ weight: 1, arbitrary: fc.constant(bare) },
		{ weight: 1, arbitrary: fc.record({ contentType: jsonTypes, body: fc.constant('{}') }) },
		{
			weight: 3,
			arbitrary: fc.record({ contentType: jsonTypes, body: withId ? fieldsBody : pollutingBody })
		},
		{ weight: 3, arbitrary: fc.record({ contentType: jsonTypes, body: jsonBody }) },
		{ weight: 1, arbitrary: fc.record({ contentType: otherTypes, body: jsonBody }) }
	);
}

/**
 * A hostile request for a route. Write routes only ever get ids that exist nowhere (a real id
 * with a harmless body would be a genuine change); reads also get real ids, to go deeper.
 */
export function hostileRequest(
	route: { method: string; path: string },
	realIds: string[]
): fc.Arbitrary<HostileRequest> {
	const params = route.path.match(/:[^/]+/g)?.length ?? 0;
	const read = route.method === 'GET';
	const param = read ? fc.oneof(segment, fc.constantFrom(...realIds)) : segment;
	const body = read
		? fc.constant(bare)
		: writeBody(params > 0, route.path.startsWith('/api/attachments/'));
	return fc
		.record({
			params: fc.array(param, { minLength: params, maxLength: params }),
			query: fc
				.array(queryPart(routeQueryKeys[`${route.method} ${route.path}`] ?? knownQueryKeys), {
					maxLength: 4
				})
				.map((parts) => parts.join('&')),
			body
		})
		.map(({ params: values, query, body: b }) => ({ params: values, query, ...b }));
}
