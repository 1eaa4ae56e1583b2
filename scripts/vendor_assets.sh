#!/bin/sh
# Re-fetch the vendored browser assets and rebuild the offline basemap from the npm registry.
# Needs node + npm (vendoring time only; the app itself never runs node). Usage: make vendor
set -eu

LEAFLET=1.9.4
MARKERCLUSTER=1.5.3
SUPERCLUSTER=9.1.0  # its dist bundle includes kdbush
KDBUSH=4.1.0  # for its licence file
US_ATLAS=3.0.1
TOPOJSON_CLIENT=3.1.0
AXE_CORE=4.14.1  # for the accessibility test only (tests/e2e/vendor/)

root=$(cd "$(dirname "$0")/.." && pwd)
vendor="$root/static/vendor"
basemap="$root/static/basemap"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "leaflet@$LEAFLET" "leaflet.markercluster@$MARKERCLUSTER" \
    "supercluster@$SUPERCLUSTER" "kdbush@$KDBUSH" \
    "us-atlas@$US_ATLAS" "topojson-client@$TOPOJSON_CLIENT" "axe-core@$AXE_CORE" >/dev/null
# The registry's tarballs are immutable; these checksums make a changed one stop the script.
sha256sum -c --quiet <<SUMS
84c65a256e50657896f54c33bd857b6849ebe94c817803be818bf32a3dde0b77  leaflet-$LEAFLET.tgz
fc6b0b1d00b6c708ae54e43ee4a11ac345e41660e19f0a570190bb35babb1a1c  leaflet.markercluster-$MARKERCLUSTER.tgz
b43b5108967e4ee37a7de0489e36385a0caeb81b3dd1dd8017b58a98dd91a8d0  supercluster-$SUPERCLUSTER.tgz
ffa16406d8b2f856c9b550c2c6c611a9775392c3791d42a37d131d745c66842b  kdbush-$KDBUSH.tgz
e6daba1800885868303ad3549da62f85a557b8142bb72629ec15651de62f9c5d  us-atlas-$US_ATLAS.tgz
889fadb422f6236d0f8337a236ce6499f258b75e44b81733b13bd971067322bf  topojson-client-$TOPOJSON_CLIENT.tgz
e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745  axe-core-$AXE_CORE.tgz
SUMS
for tarball in *.tgz; do
    mkdir "${tarball%.tgz}"
    tar -xzf "$tarball" -C "${tarball%.tgz}"
done

rm -rf "$vendor/leaflet" "$vendor/leaflet.markercluster" "$vendor/supercluster"
mkdir -p "$vendor/leaflet/images" "$vendor/leaflet.markercluster" "$vendor/supercluster" "$basemap"

src="leaflet-$LEAFLET/package"
install -m 644 "$src/dist/leaflet.js" "$src/dist/leaflet.css" "$src/LICENSE" "$vendor/leaflet/"
install -m 644 "$src"/dist/images/*.png "$vendor/leaflet/images/"

src="leaflet.markercluster-$MARKERCLUSTER/package"
# Its look only (the overview's groups are drawn by supercluster): the script is not kept.
install -m 644 "$src/dist/MarkerCluster.css" "$src/dist/MarkerCluster.Default.css" \
    "$vendor/leaflet.markercluster/"
install -m 644 "$src/MIT-LICENCE.txt" "$vendor/leaflet.markercluster/LICENSE"

install -m 644 "supercluster-$SUPERCLUSTER/package/dist/supercluster.min.js" \
    "supercluster-$SUPERCLUSTER/package/LICENSE" "$vendor/supercluster/"
install -m 644 "kdbush-$KDBUSH/package/LICENSE" "$vendor/supercluster/LICENSE-kdbush"

node "$root/scripts/us_states_geojson.cjs" \
    "topojson-client-$TOPOJSON_CLIENT/package/dist/topojson-client.js" \
    "us-atlas-$US_ATLAS/package/states-10m.json" >"$basemap/us-states.geojson"
install -m 644 "us-atlas-$US_ATLAS/package/LICENSE" "$basemap/LICENSE-us-atlas"

axe="$root/tests/e2e/vendor/axe-core"
mkdir -p "$axe"
src="axe-core-$AXE_CORE/package"
install -m 644 "$src/axe.min.js" "$src/LICENSE" "$src/LICENSE-3RD-PARTY.txt" "$axe/"

echo "vendored leaflet $LEAFLET, leaflet.markercluster $MARKERCLUSTER, supercluster $SUPERCLUSTER;" \
    "basemap from us-atlas $US_ATLAS ($(wc -c <"$basemap/us-states.geojson") bytes)"
