#!/usr/bin/env node
// Builds sco_portal/taxonomy/geo/countries.json: country outlines from Natural Earth (via the
// world-atlas TopoJSON), simplified, projected and clipped to a fixed frame around the SCO
// region, written as SVG path data. sco_portal/taxonomy/map.py draws the map from that file.
//
// The npm packages are not part of this repository. Install them in a scratch directory and run
// this script from there (see sco_portal/taxonomy/geo/README.md for the exact commands):
//
//   mkdir -p /tmp/geo && cd /tmp/geo && npm init -y >/dev/null
//   npm install --no-save world-atlas@2.0.2 topojson-client@3.1.0 topojson-simplify@3.0.3 d3-geo@3.1.2 \
//     i18n-iso-countries@7.14.0
//   node /path/to/repo/scripts/build_country_geometry.mjs [OUTPUT]
//
// OUTPUT defaults to sco_portal/taxonomy/geo/countries.json next to this script. The output is
// deterministic: the same package versions give a byte-identical file.

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// Resolve the packages from the current directory, where they were installed, not from here.
const requireHere = createRequire(path.join(process.cwd(), "noop.js"));
const resolve = (name) => {
  try {
    return requireHere.resolve(name);
  } catch {
    console.error(`Cannot find ${name} under ${process.cwd()}: run this from the directory where the packages`);
    console.error("were installed (see the comment at the top of this script).");
    process.exit(1);
  }
};
const load = async (name) => import(pathToFileURL(resolve(name)).href);

const topojson = await load("topojson-client");
const simplifier = await load("topojson-simplify");
const d3 = await load("d3-geo");
const isoCountries = requireHere(resolve("i18n-iso-countries"));

const scriptDir = path.dirname(fileURLToPath(import.meta.url));
const output = process.argv[2] || path.join(scriptDir, "..", "sco_portal", "taxonomy", "geo", "countries.json");

// ---- Parameters -----------------------------------------------------------------------------

const SOURCE = "world-atlas/countries-50m.json"; // Natural Earth 4.1.0, Admin 0, 1:50m
const WIDTH = 1000; // viewBox width; the height follows from the frame
// The frame: the smallest rectangle (in projected coordinates) holding these [longitude, latitude]
// points, so that it runs from Iberia and Egypt to Japan and Chukotka, and from just
// south of the Maldives to Russia's Arctic coast.
const FRAME_POINTS = [
  [-10, 36], // west: Strait of Gibraltar
  [178, 64], // east: Chukotka (its eastern tip is cut off)
  [125, -4], // south-east: Indonesia
  [73, -3], // south: below the Maldives
  [104, 78.5], // north: Taymyr
];
const CENTRAL_MERIDIAN = 85;
const STANDARD_PARALLELS = [15, 45];
// Visvalingam simplification threshold, as a planar triangle area in square degrees.
const SIMPLIFY_MIN_WEIGHT = 0.01;
// Rings smaller than this (projected, square viewBox units) are dropped from the paths.
const MIN_RING_AREA = 1.5;
// A country whose projected area is below this (square viewBox units), or that has no polygon at
// all, also gets a marker at its centroid so that it can be seen.
const MARKER_MAX_AREA = 30;
// Path coordinates are rounded to this many decimals.
const DIGITS = 1;

// Natural Earth features without an ISO 3166-1 numeric code. Territories that no UN member
// recognises are merged into the state the UN recognises; Kosovo keeps the user-assigned code
// XK used by the EU and many data providers; disputed areas are kept apart as "disputed".
const UNCODED = {
  Somaliland: "SO",
  "N. Cyprus": "CY",
  "Indian Ocean Ter.": "AU",
  Kosovo: "XK",
};
const DISPUTED = { "Siachen Glacier": "siachen" };

// Natural Earth abbreviates some names for small-scale maps; these are spelled out. Other names
// come from Natural Earth as they are.
const NAMES = {
  XK: "Kosovo",
  BA: "Bosnia and Herzegovina",
  CD: "Democratic Republic of the Congo",
  CF: "Central African Republic",
  DO: "Dominican Republic",
  GQ: "Equatorial Guinea",
  SS: "South Sudan",
  EH: "Western Sahara",
  FO: "Faroe Islands",
  IO: "British Indian Ocean Territory",
  LA: "Laos",
  TR: "Türkiye",
  CZ: "Czechia",
  MK: "North Macedonia",
  SZ: "Eswatini",
  CI: "Côte d'Ivoire",
  PS: "Palestine",
  KP: "North Korea",
  KR: "South Korea",
  AE: "United Arab Emirates",
};

// ---- Geometry -------------------------------------------------------------------------------

const topology = JSON.parse(readFileSync(resolve(SOURCE), "utf8"));
const geometries = topology.objects.countries.geometries;

const groups = new Map(); // code -> {name, geometries: [...]}
const disputed = new Map(); // key -> {name, geometries: [...]}
for (const geometry of geometries) {
  const neName = geometry.properties.name;
  let code = geometry.id === undefined ? undefined : isoCountries.numericToAlpha2(geometry.id);
  if (!code && neName in DISPUTED) {
    disputed.set(DISPUTED[neName], { name: neName, geometries: [geometry] });
    continue;
  }
  if (!code) code = UNCODED[neName];
  if (!code) throw new Error(`No ISO code for ${JSON.stringify(neName)} (id ${geometry.id})`);
  if (!groups.has(code)) groups.set(code, { name: NAMES[code], geometries: [] });
  const group = groups.get(code);
  if (geometry.id !== undefined) group.name ??= neName;
  group.geometries.push(geometry);
}
for (const group of groups.values()) group.name ??= group.geometries[0].properties.name;

const mergeFeature = (topo, geoms) =>
  geoms.length === 1 ? topojson.feature(topo, geoms[0]) : { type: "Feature", geometry: topojson.merge(topo, geoms) };

// The simplified topology: shared borders are simplified once, so neighbours still fit together.
const simplified = simplifier.simplify(simplifier.presimplify(topology), SIMPLIFY_MIN_WEIGHT);
const simplifiedById = new Map(simplified.objects.countries.geometries.map((g, i) => [geometries[i], g]));

// ---- Projection and frame -------------------------------------------------------------------

const projection = d3
  .geoConicEqualArea()
  .rotate([-CENTRAL_MERIDIAN, 0])
  .parallels(STANDARD_PARALLELS)
  .scale(1)
  .translate([0, 0])
  .precision(0.1);
const framePoints = FRAME_POINTS.map((point) => projection(point));
const left = Math.min(...framePoints.map(([x]) => x));
const right = Math.max(...framePoints.map(([x]) => x));
const top = Math.min(...framePoints.map(([, y]) => y));
const bottom = Math.max(...framePoints.map(([, y]) => y));
const scale = WIDTH / (right - left);
const HEIGHT = Math.round((bottom - top) * scale);
projection.scale(scale).translate([-left * scale, -top * scale]).clipExtent([
  [0, 0],
  [WIDTH, HEIGHT],
]);

// ---- SVG path serialisation -----------------------------------------------------------------

const factor = 10 ** DIGITS;
const round = (v) => Math.round(v * factor); // integer in units of 10^-DIGITS
const num = (n) => {
  // n is an integer count of 10^-DIGITS units; print it with as few characters as possible.
  const negative = n < 0;
  const abs = Math.abs(n);
  let s = String(abs / factor);
  if (s.startsWith("0.")) s = s.slice(1);
  return (negative ? "-" : "") + s;
};
const pair = (x, y) => {
  const sx = num(x);
  const sy = num(y);
  return sx + (sy.startsWith("-") ? "" : " ") + sy;
};
const ringArea = (ring) => {
  let area = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[(i + 1) % n];
    area += x0 * y1 - x1 * y0;
  }
  return Math.abs(area) / 2 / factor / factor;
};

// A d3 path context that collects rings of rounded points.
function collectRings(feature) {
  const rings = [];
  let ring = null;
  const context = {
    moveTo(x, y) {
      ring = [[round(x), round(y)]];
      rings.push(ring);
    },
    lineTo(x, y) {
      const p = [round(x), round(y)];
      const last = ring[ring.length - 1];
      if (p[0] !== last[0] || p[1] !== last[1]) ring.push(p);
    },
    closePath() {},
    arc() {
      throw new Error("points are not drawn");
    },
  };
  d3.geoPath(projection, context)(feature);
  return rings;
}

// Relative path commands: "M x y" then "l dx dy dx dy ... z" for each ring.
function pathData(rings) {
  let d = "";
  let cursor = [0, 0];
  for (const ring of rings) {
    const [first] = ring;
    const tail = ring.length > 1 && ring[ring.length - 1][0] === first[0] && ring[ring.length - 1][1] === first[1];
    const points = tail ? ring.slice(0, -1) : ring;
    if (points.length < 3 || ringArea(points) < MIN_RING_AREA) continue;
    d += (d ? "m" : "M") + (d ? pair(first[0] - cursor[0], first[1] - cursor[1]) : pair(first[0], first[1]));
    let command = "";
    for (let i = 1; i < points.length; i++) {
      const dx = points[i][0] - points[i - 1][0];
      const dy = points[i][1] - points[i - 1][1];
      const text = pair(dx, dy);
      d += command ? (text.startsWith("-") ? text : " " + text) : "l" + text;
      command = "l";
    }
    d += "z";
    cursor = first; // after "z" the current point is the start of the ring
  }
  return d;
}

// ---- Build ----------------------------------------------------------------------------------

const countries = {};
const markers = {};
const outlineArea = (feature) => d3.geoPath(projection).area(feature);
const inFrame = ([x, y]) => x >= 0 && x <= WIDTH && y >= 0 && y <= HEIGHT;

for (const code of [...groups.keys()].sort()) {
  const { name, geometries: geoms } = groups.get(code);
  const full = mergeFeature(topology, geoms);
  const simple = mergeFeature(
    simplified,
    geoms.map((g) => simplifiedById.get(g)),
  );
  const d = pathData(collectRings(simple));
  if (d) countries[code] = { name, d };
  const area = outlineArea(full);
  const centroid = projection(d3.geoCentroid(full));
  if ((!d || area < MARKER_MAX_AREA) && centroid && inFrame(centroid)) {
    markers[code] = { name, x: Math.round(centroid[0] * 10) / 10, y: Math.round(centroid[1] * 10) / 10 };
  }
}

const disputedOut = {};
for (const [key, { name, geometries: geoms }] of [...disputed.entries()].sort()) {
  const d = pathData(collectRings(mergeFeature(simplified, geoms.map((g) => simplifiedById.get(g)))));
  if (d) disputedOut[key] = { name, d };
}

const result = {
  source: "Natural Earth 4.1.0 Admin 0 countries 1:50m via world-atlas 2.0.2 (public domain)",
  projection: `Albers equal-area conic, central meridian ${CENTRAL_MERIDIAN}°E, standard parallels ${STANDARD_PARALLELS.join("°N and ")}°N`,
  viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
  countries,
  markers,
  disputed: disputedOut,
};
const text = JSON.stringify(result, null, 0).replace(/,"(?=[A-Z]{2}":\{)/g, ',\n"') + "\n";
writeFileSync(output, text);
console.log(
  `${output}: ${Object.keys(countries).length} countries, ${Object.keys(markers).length} markers, ` +
    `${Object.keys(disputedOut).length} disputed areas, viewBox ${result.viewBox}, ${Buffer.byteLength(text)} bytes`,
);
