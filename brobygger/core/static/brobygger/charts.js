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
    var labelAxis = spec.horizontal ? "y" : "x";
    var scales = {};
    if (spec.y) {
      scales[valueAxis] = { min: spec.y.min, max: spec.y.max, ticks: { stepSize: spec.y.step || 1 } };
    }
    // Every bar keeps its label: no skipping; the server wraps long labels onto lines
    // (brobygger/core/charts.py), and a vertical chart may turn its labels but never drops one.
    scales[labelAxis] = { ticks: { autoSkip: false } };
    var keepRatio = true;
    if (spec.horizontal && spec.type === "bar") {
      // Room for every bar and every line of its label, whatever the width: the chart grows
      // downwards instead of squeezing the bars on a phone.
      var lines = spec.labels.reduce(function (sum, label) {
        return sum + (Array.isArray(label) ? label.length : 1);
      }, 0);
      var perBar = Math.max(1, spec.datasets.length) * 14 + 12;
      var height = Math.max(lines * 16, spec.labels.length * perBar) + 80;
      var box = document.createElement("div");
      box.className = "chart-box";
      box.style.height = height + "px";
      canvas.parentNode.insertBefore(box, canvas);
      box.appendChild(canvas);
      keepRatio = false;
    }
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        responsive: true,
        maintainAspectRatio: keepRatio,
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
