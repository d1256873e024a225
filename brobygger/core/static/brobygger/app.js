/* Brobygger front-end glue: DKFDS components are (re)initialised on every htmx load,
   both for the first page load and for every swapped region. */
(function () {
  "use strict";
  function initialise(element) {
    if (window.DKFDS) {
      window.DKFDS.init({ scope: element });
    }
  }
  if (window.htmx) {
    window.htmx.onLoad(initialise);
  } else {
    document.addEventListener("DOMContentLoaded", function () { initialise(document); });
  }
  // Buttons that ask before a destructive action: <button data-confirm="...">.
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
