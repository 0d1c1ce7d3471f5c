/* Shared map helpers. Loaded after Leaflet; no inline script anywhere (CSP 'self'). */
(function () {
  "use strict";

  function readMapData() {
    var element = document.getElementById("map-data");
    return element ? JSON.parse(element.textContent) : {};
  }

  function createMap(elementId, data) {
    // Leaflet's own zoom buttons are named "Zoom in"/"Zoom out" in English; a screen reader
    // would read that with the page's (Swedish) voice. The template supplies translated names.
    var element = document.getElementById(elementId);
    var map = L.map(elementId, { scrollWheelZoom: false, zoomControl: false });
    L.control.zoom({
      zoomInTitle: element.dataset.zoomIn || "Zooma in",
      zoomOutTitle: element.dataset.zoomOut || "Zooma ut",
    }).addTo(map);
    if (data.tiles) {
      L.tileLayer(data.tiles, { attribution: data.attribution || "", maxZoom: 19 }).addTo(map);
    }
    return map;
  }

  function districtLayer(geojson, styleFor) {
    return L.geoJSON(geojson, {
      style: styleFor || function () {
        return { color: "#0b4f8a", weight: 1.5, fillOpacity: 0.08 };
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties || {};
        var label = p.name + (p.count !== undefined ? ": " + p.count : "");
        layer.bindTooltip(label, { sticky: true });
      },
    });
  }

  window.Lagesbild = { readMapData: readMapData, createMap: createMap, districtLayer: districtLayer };
})();
