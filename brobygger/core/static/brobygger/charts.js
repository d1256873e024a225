/* Charts with Chart.js under a strict CSP: no inline script. A chart is a
   <canvas data-chart="ID"> whose configuration sits in <script type="application/json" id="ID">
   (Django's json_script); every chart has a table beside it for screen readers. */
(function () {
  "use strict";

  function draw(canvas) {
    if (canvas.dataset.drawn || !window.Chart) { return; }
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    canvas.dataset.drawn = "1";
    // "horizontal": bars along the x axis (long labels such as criteria or methods); the
    // value axis is then x, and spec.y describes it all the same.
    var valueAxis = spec.horizontal ? "x" : "y";
    var scales = {};
    if (spec.y) {
      scales[valueAxis] = { min: spec.y.min, max: spec.y.max, ticks: { stepSize: spec.y.step || 1 } };
    }
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        responsive: true,
        animation: false,
        indexAxis: spec.horizontal ? "y" : "x",
        scales: scales
      }
    });
  }

  function drawAll(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("canvas[data-chart]"), draw);
  }

  if (window.htmx) {
    window.htmx.onLoad(drawAll);
  } else {
    document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  }
}());
