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

  // A report dot's popup, in the words of its row in the table under the map (its insecurity is
  // the dot's colour and size).
  function reportText(p) {
    return p.category + " · " + p.when + " · " + p.place;
  }

  // The table of the reports a map draws (map_report_list.html) for a new set of dots: the
  // analysis map's slider shows another week. Cells as the template writes them, from the same
  // feature properties.
  function fillReportList(listId, reports, week) {
    var list = document.getElementById(listId);
    if (!list) { return; }
    var body = list.querySelector("tbody");
    body.textContent = "";
    reports.features.forEach(function (feature) {
      var p = feature.properties;
      var row = document.createElement("tr");
      [[p.when, "nowrap"], [p.category, ""], [p.place, ""], [p.level, "nowrap"]].forEach(function (cell) {
        var node = document.createElement("td");
        node.textContent = cell[0];
        if (cell[1]) { node.className = cell[1]; }
        row.appendChild(node);
      });
      body.appendChild(row);
    });
    var count = reports.features.length;
    list.querySelector(".map-reports-count").textContent = count;
    list.querySelector(".map-reports-week").textContent = week;
    list.querySelector(".map-reports-none").hidden = count > 0;
    list.querySelector(".table-wrap").hidden = count === 0;
  }

  // The link above a map to that table (map_report_skip.html) opens it and gives its summary the
  // focus, so the next key press goes on from there: a bare link to a fragment only moves where
  // Tab starts, and left the table closed.
  function linkReportList(listId) {
    var list = document.getElementById(listId);
    if (!list) { return; }
    var links = document.querySelectorAll('a[href="#' + listId + '"]');
    Array.prototype.forEach.call(links, function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        list.open = true;
        list.querySelector("summary").focus();
      });
    });
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
    labelShape: labelShape, reportDot: reportDot, reportText: reportText,
    fillReportList: fillReportList, linkReportList: linkReportList,
  };
})();
