/* The form's one-use key (a text field out of sight) and the time it proposed come back with the
   typed fields when the browser shows the form again on Back, so that sending it again unchanged
   files no second report. Browsers give back only a field whose value differs from the one in
   the page: the page's value moves out of the attribute. A value given back is kept as it is. */
(function () {
  "use strict";
  ["id_submission", "id_occurred_from"].forEach(function (id) {
    var field = document.getElementById(id);
    if (field) { var shown = field.value; field.defaultValue = ""; field.value = shown; }
  });
})();

/* The report form's map: tap to set a pin, or use the phone's position. */
(function () {
  "use strict";
  var data = Lagesbild.readMapData();
  var map = Lagesbild.createMap("report-map", data);
  var districts = Lagesbild.districtLayer(data.districts);
  // Here a district is only where a pin may go, its name drawn on the map: out of the tab order,
  // where each was a stop that did nothing between the map and the next field. (Its shape is
  // drawn once the map has a view, hence on "add".)
  districts.eachLayer(function (layer) {
    layer.on("add", function () { layer.getElement().setAttribute("tabindex", "-1"); });
  });
  districts.addTo(map);
  Lagesbild.districtLabels(data.districts).addTo(map);
  // Exposed so that tests (and other scripts) can turn coordinates into screen positions.
  Lagesbild.reportMap = map;
  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  var status = document.getElementById("pin-status");
  var pin = null;

  // Whether a point lies inside a GeoJSON ring (even-odd ray casting; rings are [lon, lat]).
  function inRing(point, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var a = ring[i], b = ring[j];
      if ((a[1] > point.lat) !== (b[1] > point.lat) &&
          point.lng < (b[0] - a[0]) * (point.lat - a[1]) / (b[1] - a[1]) + a[0]) { inside = !inside; }
    }
    return inside;
  }

  // The name of the district the pin lies in, or "" outside every district.
  function districtAt(point) {
    var found = "";
    data.districts.features.forEach(function (feature) {
      var geometry = feature.geometry || {};
      var polygons = geometry.type === "MultiPolygon" ? geometry.coordinates : [geometry.coordinates || []];
      polygons.forEach(function (rings) {
        var inside = rings.length && inRing(point, rings[0]) &&
          !rings.slice(1).some(function (hole) { return inRing(point, hole); });
        if (inside && !found) { found = (feature.properties || {}).name || ""; }
      });
    });
    return found;
  }

  // The pin is announced with the district it lies in, which a listener can check; the
  // coordinates alone ("56.928794, 14.052927") told a keyboard user nothing.
  function setPin(latlng, message) {
    var rounded = { lat: Math.round(latlng.lat * 1e6) / 1e6, lng: Math.round(latlng.lng * 1e6) / 1e6 };
    lat.value = rounded.lat;
    lon.value = rounded.lng;
    if (pin) { pin.setLatLng(latlng); } else {
      pin = L.circleMarker(latlng, { radius: 9, color: "#fff", weight: 2, fillColor: "#a1260d", fillOpacity: 1 }).addTo(map);
    }
    remember([rounded.lat, rounded.lng]);
    var district = districtAt(latlng);
    var where = district ? status.dataset.setIn.replace("{district}", district) : status.dataset.setOutside;
    status.textContent = message || where + " (" + rounded.lat + ", " + rounded.lng + ")";
  }

  // The pin is kept with the page's history entry: the browser gives the typed fields back on
  // Back, but not the hidden coordinates, and the form came back without its pin.
  function remember(point) {
    if (window.history.replaceState) { window.history.replaceState({ pin: point }, ""); }
  }

  function clearPin() {
    if (pin) { map.removeLayer(pin); pin = null; }
    remember(null);
    lat.value = ""; lon.value = "";
    status.textContent = "";
  }

  map.on("click", function (event) { setPin(event.latlng); });
  // Keyboard users pan with the arrow keys (Leaflet) and press Enter to pin the map's centre.
  // Only on the map itself: Enter on a zoom button bubbles here too and must not set a pin.
  map.on("keydown", function (event) {
    var key = event.originalEvent;
    if (key.key === "Enter" && key.target === map.getContainer()) {
      key.preventDefault();
      setPin(map.getCenter());
    }
  });
  districts.on("click", function (event) { setPin(event.latlng); });
  document.getElementById("clear-pin").addEventListener("click", clearPin);
  document.getElementById("use-position").addEventListener("click", function () {
    if (!navigator.geolocation) { status.textContent = status.dataset.unsupported; return; }
    navigator.geolocation.getCurrentPosition(function (position) {
      var latlng = L.latLng(position.coords.latitude, position.coords.longitude);
      setPin(latlng);
      map.setView(latlng, 16);
    }, function () { status.textContent = status.dataset.failed; });
  });

  if (data.districts.features.length) { map.fitBounds(districts.getBounds()); } else { map.setView([62, 16], 4); }
  var kept = window.history.state && window.history.state.pin;
  if (lat.value && lon.value) { setPin(L.latLng(parseFloat(lat.value), parseFloat(lon.value))); }
  else if (kept) { setPin(L.latLng(kept[0], kept[1])); }
})();

/* The place field: the gazetteer suggests places as you type, and names the place at the pin. */
(function () {
  "use strict";
  var data = Lagesbild.readMapData();
  var input = document.getElementById("id_place_text");
  var options = document.getElementById("place-options");
  var status = document.getElementById("place-status");
  if (!input || !options || !data.suggest_url) { return; }
  var known = {};
  var asked = "";

  function getJson(url, done) {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) { if (body) { done(body); } })
      .catch(function () { /* suggestions are a help; the form works without them */ });
  }

  function showKnown(place) {
    status.textContent = status.dataset.known + " " + place.name;
  }

  input.addEventListener("input", function () {
    var typed = input.value.trim();
    if (known[typed]) { showKnown(known[typed]); return; }
    status.textContent = "";
    if (typed.length < 2 || typed === asked) { return; }
    asked = typed;
    getJson(data.suggest_url + "?q=" + encodeURIComponent(typed), function (body) {
      options.textContent = "";
      body.places.forEach(function (place) {
        known[place.name] = place;
        var option = document.createElement("option");
        option.value = place.name;
        options.appendChild(option);
      });
    });
  });

  // When a pin lands, say which named place it is at, and offer it as the place text.
  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  if (!Lagesbild.reportMap || !data.nearest_url) { return; }
  Lagesbild.reportMap.on("click keydown", function () {
    window.setTimeout(function () {
      if (!lat.value || !lon.value) { return; }
      var url = data.nearest_url + "?lat=" + encodeURIComponent(lat.value) + "&lon=" + encodeURIComponent(lon.value);
      getJson(url, function (body) {
        if (!body.place) { status.textContent = ""; return; }
        status.textContent = status.dataset.nearest + " " + body.place.name;
        if (!input.value.trim()) { input.value = body.place.name; }
      });
    }, 0);
  });
})();
