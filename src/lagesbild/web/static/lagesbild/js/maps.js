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
    } else if (data.wms && data.wms.url) {
      L.tileLayer.wms(data.wms.url, {
        layers: data.wms.layers || "", format: "image/png", attribution: data.attribution || "", maxZoom: 19,
      }).addTo(map);
    }
    if (data.places) { placeLabels(data.places).addTo(map); }
    return map;
  }

  // Without a base map, the gazetteer's named places give the reader something to find their way by.
  function placeLabels(places) {
    return L.layerGroup(places.map(function (place) {
      return L.circleMarker([place.latitude, place.longitude], {
        radius: 3, color: "#444", weight: 1, fillColor: "#fff", fillOpacity: 1, interactive: false,
      }).bindTooltip(place.name, { permanent: true, direction: "right", className: "place-label" });
    }));
  }

  // The districts' names, drawn on the map (not only on hover), where each district lies.
  function districtLabels(geojson) {
    var labels = L.layerGroup();
    L.geoJSON(geojson).eachLayer(function (layer) {
      var name = (layer.feature.properties || {}).name;
      if (name) {
        labels.addLayer(L.tooltip({ permanent: true, direction: "center", className: "district-label" })
          .setLatLng(layer.getBounds().getCenter()).setContent(name));
      }
    });
    return labels;
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

  window.Lagesbild = {
    readMapData: readMapData, createMap: createMap, districtLayer: districtLayer, districtLabels: districtLabels,
  };
})();
