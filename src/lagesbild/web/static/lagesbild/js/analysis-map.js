/* The analysis map: districts shaded by their smoothed (empirical Bayes) rate per 1 000
   inhabitants, a kernel-density heat layer, Gi* hotspots and the week's reports; a range input
   picks the week, whose JSON is fetched. */
(function () {
  "use strict";
  var frame = Lagesbild.readMapData();
  var element = document.getElementById("analysis-map");
  var slider = document.getElementById("map-week");
  var shown = document.getElementById("map-week-shown");
  var summary = document.getElementById("map-summary");
  var map = Lagesbild.createMap("analysis-map", frame);
  var heatColours = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"];
  var layers = {
    rates: L.layerGroup().addTo(map),
    heat: L.layerGroup().addTo(map),
    hotspots: L.layerGroup().addTo(map),
    points: L.layerGroup().addTo(map),
  };
  var labels = Lagesbild.districtLabels(frame.districts).addTo(map);
  var requested = null;
  // The key under the map (analysis/map.html): its hotspot row names the shown week's period.
  var hotspotLegend = document.getElementById("analysis-map-hotspot-key");

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return values[key] !== undefined && values[key] !== null ? values[key] : match;
    });
  }

  function drawRates(data) {
    var rows = {};
    data.rate_rows.forEach(function (row) { rows[row.code] = row; });
    layers.rates.clearLayers();
    L.geoJSON(frame.districts, {
      style: function (feature) {
        var row = rows[feature.properties.code];
        if (!row || row.share === null) {
          return { color: "#083a66", weight: 1.5, dashArray: "4 4", fillOpacity: 0 };
        }
        return { className: "district-rate", color: "#083a66", weight: 1.5, fillColor: "#0b4f8a", fillOpacity: 0.08 + 0.6 * row.share };
      },
      onEachFeature: function (feature, layer) {
        var row = rows[feature.properties.code] || {};
        var text = feature.properties.name + ": " + (row.reports === null ? "–" : row.reports || "0") + " " + element.dataset.reportsLabel;
        if (row.per_1000 !== null && row.per_1000 !== undefined) {
          text += ", " + row.per_1000 + " " + element.dataset.perLabel;
        }
        if (row.per_1000_smoothed !== null && row.per_1000_smoothed !== undefined) {
          text += ", " + element.dataset.smoothedLabel + " " + row.per_1000_smoothed;
        }
        Lagesbild.labelShape(layer, text);
      },
    }).addTo(layers.rates);
  }

  function drawHeat(heat) {
    layers.heat.clearLayers();
    // Held back with too few located reports: the points alone are shown (the summary says so).
    if (heat.held_back || !heat.cells.length) { return; }
    var dlon = heat.cell_degrees[0], dlat = heat.cell_degrees[1];
    heat.cells.forEach(function (cell) {
      var share = cell[2] / heat.maximum;
      if (share < 0.05) { return; }  // the faint rim would only grey the map
      var level = Math.min(4, Math.floor(share * 5));
      var south = heat.south + cell[0] * dlat, west = heat.west + cell[1] * dlon;
      L.rectangle([[south, west], [south + dlat, west + dlon]], {
        className: "heat-cell", stroke: false, fillColor: heatColours[level], fillOpacity: 0.55, interactive: false,
      }).addTo(layers.heat);
    });
  }

  function drawHotspots(hotspots) {
    layers.hotspots.clearLayers();
    L.geoJSON(hotspots, {
      style: function () {
        return { className: "hotspot-cell", color: "#7a1c0a", weight: 1.5, fillColor: "#d9480f", fillOpacity: 0.35 };
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties;
        Lagesbild.labelShape(layer, (p.name || p.district || "") + ": " + p.count + " (z " + p.z + ")");
      },
    }).addTo(layers.hotspots);
  }

  function drawPoints(points, week) {
    layers.points.clearLayers();
    L.geoJSON(points, {
      pointToLayer: function (feature, latlng) {
        // Insecurity 1–3 by colour and by size (maps.js), as on the week map.
        return L.circleMarker(latlng, Lagesbild.reportDot(feature.properties.insecurity, "report-point"));
      },
      onEachFeature: function (feature, layer) {
        var text = document.createElement("span");
        text.textContent = Lagesbild.reportText(feature.properties);
        layer.bindPopup(text);
      },
    }).addTo(layers.points);
    // The table under the map lists the same reports (map_report_list.html).
    Lagesbild.fillReportList("analysis-map-reports", points, week);
  }

  function cell(row, text, header) {
    var node = document.createElement(header ? "th" : "td");
    if (header) { node.setAttribute("scope", "row"); }
    node.textContent = text === null || text === undefined ? "–" : text;
    row.appendChild(node);
  }

  function writeTexts(data) {
    // The server writes the counts' sentence and the hotspot period (four weeks, since reporting
    // began, or a running week's days so far) in the page's language.
    var text = data.summary;
    if (hotspotLegend) { hotspotLegend.textContent = data.hotspot_legend; }
    var heat = data.heat;
    text += " " + (!heat.held_back
      ? fill(summary.dataset.heat, { bandwidth: data.heat_bandwidth, maximum: data.heat_maximum })
      : heat.points
        ? fill(summary.dataset.heldBack, { points: heat.points, minimum: heat.min_points })
        : summary.dataset.noHeat);
    if (data.heat_far_note) { text += " " + data.heat_far_note; }
    summary.textContent = text;
    var body = document.querySelector("#rates-table tbody");
    body.textContent = "";
    data.rate_rows.forEach(function (r) {
      var row = document.createElement("tr");
      cell(row, r.name, true);
      cell(row, r.reports);
      cell(row, r.population);
      cell(row, r.population_year);
      cell(row, r.per_1000);
      cell(row, r.per_1000_smoothed);
      body.appendChild(row);
    });
    document.querySelectorAll(".rates-week").forEach(function (node) { node.textContent = data.week; });
    var note = document.getElementById("rates-note");
    note.textContent = !data.rates_known ? note.dataset.none
      : data.rates_unknown.length ? fill(note.dataset.unknown, { names: data.rates_unknown.join(", ") }) : "";
    // The districts differ no more than chance would make them: one colour, and why.
    var pooled = document.getElementById("rates-pooled");
    pooled.textContent = data.rates.smoothing_note || "";
    pooled.hidden = !data.rates.smoothing_note;
    var outside = document.getElementById("rates-outside");
    var n = data.rates.outside_districts;
    outside.textContent = fill(outside.dataset.template, { n: n === null ? "–" : n });
    // Before reporting began the week has no counts: say so, as the week page does.
    var began = document.getElementById("map-reporting-note");
    began.textContent = data.reporting_note || "";
    began.hidden = !data.reporting_note;
  }

  function show(data) {
    drawRates(data);
    drawHeat(data.heat);
    drawHotspots(data.hotspots);
    drawPoints(data.points, data.week);
    writeTexts(data);
    element.dataset.week = data.week;
  }

  function pick(index) {
    var week = frame.weeks[index];
    shown.textContent = week;
    slider.setAttribute("aria-valuetext", week);
    requested = week;
    fetch(element.dataset.url.replace("WEEK", week), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) { if (data.week === requested) { show(data); } })
      .catch(function () { document.getElementById("map-form").submit(); });  // the page itself then
  }

  slider.addEventListener("input", function () { pick(Number(slider.value)); });
  ["rates", "heat", "hotspots", "points"].forEach(function (name) {
    var box = document.getElementById("layer-" + name);
    box.addEventListener("change", function () {
      if (box.checked) { layers[name].addTo(map); } else { map.removeLayer(layers[name]); }
      if (name === "rates") {
        if (box.checked) { labels.addTo(map); } else { map.removeLayer(labels); }
      }
    });
  });
  document.getElementById("map-layers").hidden = false;
  Lagesbild.linkReportList("analysis-map-reports");

  show(JSON.parse(document.getElementById("map-week-data").textContent));
  if (frame.districts.features.length) {
    map.fitBounds(L.geoJSON(frame.districts).getBounds());
  } else {
    map.setView([62, 16], 4);
  }
})();
