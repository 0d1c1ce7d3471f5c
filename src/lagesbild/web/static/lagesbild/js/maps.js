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
    // A reader who asked for less motion gets zooms and fades without animation.
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var map = L.map(elementId, {
      scrollWheelZoom: false, zoomControl: false,
      zoomAnimation: !still, fadeAnimation: !still, markerZoomAnimation: !still,
    });
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
    declutter(map);
    return map;
  }

  // A name that would overlap one already shown is hidden until zooming makes room: on a phone a
  // town's district and place names piled into one unreadable knot. Districts' names come first
  // (they say where a count lies), then places, each in the order drawn. Only the drawn names
  // are hidden; every shape keeps its own name for a screen reader (labelShape).
  function declutter(map) {
    var pending = false;
    function overlaps(a, b) {
      return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    }
    function run() {
      pending = false;
      var container = map.getContainer();
      var names = Array.prototype.slice.call(container.querySelectorAll(".district-label"))
        .concat(Array.prototype.slice.call(container.querySelectorAll(".place-label")));
      var shown = [];
      names.forEach(function (name) {
        name.style.visibility = "";
        var box = name.getBoundingClientRect();
        var clash = shown.some(function (other) { return overlaps(box, other); });
        if (clash) { name.style.visibility = "hidden"; } else { shown.push(box); }
      });
    }
    function soon() {
      if (!pending) { pending = true; window.requestAnimationFrame(run); }
    }
    map.on("zoomend moveend resize layeradd", soon);
    soon();
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

  // A shape's sticky tooltip, and the same text as its name. Leaflet's tooltip listens for focus,
  // which makes the shape a tab stop in Chromium, but gives it no name: a screen reader heard
  // "graphic" once per district and hot spot. The element is made anew each time the layer is added.
  function labelShape(layer, text) {
    layer.bindTooltip(text, { sticky: true });
    layer.on("add", function () {
      var shape = layer.getElement && layer.getElement();
      if (shape) {
        shape.setAttribute("role", "img");  // a named graphic: ARIA allows no name on a bare path
        shape.setAttribute("aria-label", text);
      }
    });
    return layer;
  }

  // A report's insecurity 1–3 by colour and by size, on the week map and the analysis map: the
  // three colours differ little in lightness, so grey print and colour-blind readers tell the
  // levels apart by the dot's size. The key under each map (map_key_reports.html, app.css
  // .swatch-report.level-N) names both; keep the three in step.
  var reportColours = { 1: "#1d6b34", 2: "#8a5a00", 3: "#a1260d" };
  var reportRadii = { 1: 4, 2: 6, 3: 8.5 };

  function reportDot(level, className) {
    return {
      radius: reportRadii[level] || reportRadii[2], color: "#fff", weight: 1.5, fillOpacity: 0.9,
      fillColor: reportColours[level] || "#333", className: className + " level-" + level,
    };
  }

  function districtLayer(geojson, styleFor) {
    return L.geoJSON(geojson, {
      style: styleFor || function () {
        return { color: "#0b4f8a", weight: 1.5, fillOpacity: 0.08 };
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties || {};
        var label = p.name + (p.count !== undefined ? ": " + p.count : "");
        labelShape(layer, label);
      },
    });
  }

  window.Lagesbild = {
    readMapData: readMapData, createMap: createMap, districtLayer: districtLayer, districtLabels: districtLabels,
    labelShape: labelShape, reportDot: reportDot,
  };
})();
