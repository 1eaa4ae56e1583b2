// TopoJSON (us-atlas states-10m.json) → compact GeoJSON of state and territory outlines.
// Usage: node us_states_geojson.cjs <topojson-client.js> <states-10m.json> > us-states.geojson
"use strict";
const fs = require("fs");
const [topojsonClient, atlasPath] = process.argv.slice(2);
const topojson = require(require("path").resolve(topojsonClient));
const atlas = JSON.parse(fs.readFileSync(atlasPath, "utf8"));

// 3 decimals ≈ 100 m, finer than the atlas's own quantisation step (≈ 0.0036° × 0.0009°),
// so rounding shrinks the file without moving a line a reader could see.
const round = (x) => Math.round(x * 1000) / 1000;

function ring(points) {
  const out = [];
  for (const [lon, lat] of points) {
    const p = [round(lon), round(lat)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

function geometry(g) {
  if (g.type === "Polygon") return { type: g.type, coordinates: g.coordinates.map(ring) };
  if (g.type === "MultiPolygon") {
    return { type: g.type, coordinates: g.coordinates.map((poly) => poly.map(ring)) };
  }
  throw new Error(`unexpected geometry type ${g.type}`);
}

const states = topojson.feature(atlas, atlas.objects.states);
const features = states.features
  .map((f) => ({
    type: "Feature",
    id: f.id,
    properties: { name: f.properties.name },
    geometry: geometry(f.geometry),
  }))
  .sort((a, b) => a.id.localeCompare(b.id));
process.stdout.write(JSON.stringify({ type: "FeatureCollection", features }) + "\n");
