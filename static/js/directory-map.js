// The directory's map: the results with a location, as markers. The list beside it is
// complete without the map; without JavaScript (or without tiles) nothing is lost.
(function () {
  "use strict";

  function draw() {
    var container = document.getElementById("directory-map");
    var data = document.getElementById("map-points");
    if (!container || !data || typeof L === "undefined") {
      return;
    }
    var points = JSON.parse(data.textContent);
    if (container._coactMap) {
      container._coactMap.remove();
    }
    if (!points.length) {
      container.hidden = true;
      return;
    }
    container.hidden = false;
    var map = L.map(container, { scrollWheelZoom: false });
    container._coactMap = map;
    L.tileLayer(container.dataset.tilesUrl, {
      attribution: container.dataset.attribution,
      maxZoom: 18,
    }).addTo(map);
    var bounds = [];
    points.forEach(function (point) {
      var marker = L.marker([point.lat, point.lon], { title: point.name, alt: point.name });
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.name;
      marker.bindPopup(link);
      marker.addTo(map);
      bounds.push([point.lat, point.lon]);
    });
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 13 });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
