// Test kit: small boundary and postcode files, good and bad, built from the demo geography.
import type { Feature, FeatureCollection } from 'geojson';
import { demoGeography } from '../../demo/demo-geography.ts';

/** The demo boundary file, changed by `edit` (a deep copy: the demo's own stays as it is). */
export function boundaryFile(edit: (features: Feature[]) => Feature[] = (f) => f): string {
	const copy = structuredClone(demoGeography().boundaries) as FeatureCollection;
	return JSON.stringify({ ...copy, features: edit(copy.features) });
}

/** A feature for a new ward: a small square south of the demo wards. */
export function squareWard(code: string, name: string, west = -2.95): Feature {
	const [w, s, e, n] = [west, 54.8, west + 0.01, 54.806];
	return {
		type: 'Feature',
		properties: { WD24CD: code, WD24NM: name },
		geometry: {
			type: 'Polygon',
			coordinates: [
				[
					[w, s],
					[e, s],
					[e, n],
					[w, n],
					[w, s]
				]
			]
		}
	};
}

/** The demo postcodes as an ONS Postcode Directory extract (pcds, lat, long, osward, doterm). */
export function onspdFile(extraRows: string[] = []): string {
	const [, ...rows] = demoGeography().postcodeCsv;
	const header = 'pcd,pcd2,pcds,dointr,doterm,osward,lat,long';
	const lines = rows.map(
		([postcode, lat, lng, ward]) =>
			`"${postcode.replace(' ', '')}","${postcode}","${postcode}","199801","","${ward}",${lat},${lng}`
	);
	return [header, ...lines, ...extraRows].join('\r\n') + '\r\n';
}
