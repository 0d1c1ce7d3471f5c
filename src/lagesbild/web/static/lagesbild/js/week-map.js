/* The weekly page's map: districts shaded by this week's count, Gi* hot cells, reports as points. */
(function () {
  "use strict";
  var data = Lagesbild.readMapData();
  var element = document.getElementById("week-map");
  var map = Lagesbild.createMap("week-map", data);
  var counts = data.districts.features.map(function (f) { return f.properties.count; });
  var max = Math.max.apply(null, counts.concat([1]));
  var districts = Lagesbild.districtLayer(data.districts, function (feature) {
    var share = feature.properties.count / max;
    return { color: "#083a66", weight: 1.5, fillColor: "#0b4f8a", fillOpacity: 0.05 + 0.5 * share };
  }).addTo(map);
  Lagesbild.districtLabels(data.districts).addTo(map);

  // Hot cells go under the report points, so a tap on a point still opens the report's popup.
  var hotspots = data.hotspots || { type: "FeatureCollection", features: [] };
  L.geoJSON(hotspots, {
    style: function () {
      return { className: "hotspot-cell", color: "#7a1c0a", weight: 1.5, fillColor: "#d9480f", fillOpacity: 0.5 };
    },
    onEachFeature: function (feature, layer) {
      var p = feature.properties;
      // The sentence comes translated from the page, with {count}, {week} and {z} to fill in.
      var counts = (element.dataset.hotCell || "{count} · {week} · z {z}")
        .replace("{count}", p.count).replace("{week}", p.week_count).replace("{z}", p.z);
      Lagesbild.labelShape(
        layer, (p.name ? p.name + (p.district ? ", " + p.district : "") : (p.district || "")) + ": " + counts
      );
    },
  }).addTo(map);

  // Insecurity 1–3 by colour and by size (maps.js), as on the analysis map; the key says both.
  L.geoJSON(data.reports, {
    pointToLayer: function (feature, latlng) {
      return L.circleMarker(latlng, Lagesbild.reportDot(feature.properties.insecurity, "report-dot"));
    },
    onEachFeature: function (feature, layer) {
      var text = document.createElement("span");
      text.textContent = Lagesbild.reportText(feature.properties);
      layer.bindPopup(text);
    },
  }).addTo(map);

  // The key and the table of the reports stand under the map in the page itself
  // (briefings/_week_body.html); the link above the map leads to the table.
  Lagesbild.linkReportList("week-map-reports");

  function fit() {
    if (data.districts.features.length) {
      map.fitBounds(districts.getBounds());
    } else {
      map.setView([62, 16], 4);
    }
  }
  fit();
  // On paper the map is as wide as the page, not the screen: fitted to the screen it came out
  // shifted, with the eastern districts cut off.
  window.addEventListener("beforeprint", function () {
    map.invalidateSize({ animate: false });
    fit();
  });
})();
