/* The weekly page's map: districts shaded by this week's count, reports as points. */
(function () {
  "use strict";
  var data = Lagesbild.readMapData();
  var map = Lagesbild.createMap("week-map", data);
  var counts = data.districts.features.map(function (f) { return f.properties.count; });
  var max = Math.max.apply(null, counts.concat([1]));
  var districts = Lagesbild.districtLayer(data.districts, function (feature) {
    var share = feature.properties.count / max;
    return { color: "#083a66", weight: 1.5, fillColor: "#0b4f8a", fillOpacity: 0.05 + 0.5 * share };
  }).addTo(map);
  var colours = { 1: "#1d6b34", 2: "#8a5a00", 3: "#a1260d" };
  L.geoJSON(data.reports, {
    pointToLayer: function (feature, latlng) {
      return L.circleMarker(latlng, {
        radius: 6, color: "#fff", weight: 1.5, fillOpacity: 0.9,
        fillColor: colours[feature.properties.insecurity] || "#333",
      });
    },
    onEachFeature: function (feature, layer) {
      var p = feature.properties;
      var text = document.createElement("span");
      text.textContent = p.category + " · " + p.time.slice(0, 16).replace("T", " ") + (p.district ? " · " + p.district : "");
      layer.bindPopup(text);
    },
  }).addTo(map);
  if (data.districts.features.length) {
    map.fitBounds(districts.getBounds());
  } else {
    map.setView([62, 16], 4);
  }
})();
