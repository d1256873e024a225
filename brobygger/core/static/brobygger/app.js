/* Brobygger front-end glue.

   DKFDS components are initialised once for the page, and again for every region htmx
   swaps in. DKFDS.init() also (re)builds the page-wide navigation, which must happen only
   once, so swapped regions initialise just the components found inside them. */
(function () {
  "use strict";

  // [selector, DKFDS component class, whether the constructor needs .init()]
  var REGION_COMPONENTS = [
    [".accordion, .accordion-bordered", "Accordion", true],
    [".alert.has-close", "Alert", true],
    [".form-limit", "CharacterLimit", true],
    [".js-checkbox-toggle-content", "CheckboxToggleContent", true],
    [".js-dropdown", "Dropdown", true],
    [".overflow-menu--sort", "DropdownSort", true],
    ['[data-module="error-summary"]', "ErrorSummary", true],
    [".fds-modal", "Modal", true],
    [".js-radio-toggle-group", "RadioToggleGroup", true],
    ["table.table--responsive-headers, table.table-sm-responsive-headers, " +
     "table.table-md-responsive-headers, table.table-lg-responsive-headers",
     "ResponsiveTable", false],
    ["table.table--selectable", "TableSelectableRows", true],
    ["div.tab-container", "Tabs", true],
    [".tooltip-wrapper", "Tooltip", true]
  ];

  function initialiseRegion(region) {
    REGION_COMPONENTS.forEach(function (entry) {
      var Component = window.DKFDS[entry[1]];
      if (!Component) { return; }
      var elements = region.matches(entry[0]) ? [region] : [];
      elements = elements.concat(Array.prototype.slice.call(region.querySelectorAll(entry[0])));
      elements.forEach(function (element) {
        var instance = new Component(element);
        if (entry[2]) { instance.init(); }
      });
    });
  }

  var pageInitialised = false;
  function initialise(element) {
    if (!window.DKFDS) { return; }
    if (!pageInitialised) {
      pageInitialised = true;
      window.DKFDS.init();
    } else if (element && element.nodeType === 1) {
      initialiseRegion(element);
    }
  }

  if (window.htmx) {
    window.htmx.onLoad(initialise);
  } else {
    document.addEventListener("DOMContentLoaded", function () { initialise(document); });
  }

  // htmx does not swap an error response into the page: when the database is away (503),
  // say so above the content; the form keeps what was typed, so it can be sent again.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail && event.detail.xhr;
    var main = document.getElementById("main-content");
    if (!xhr || xhr.status !== 503 || !main) { return; }
    var alert = document.getElementById("database-unavailable");
    if (!alert) {
      alert = document.createElement("div");
      alert.id = "database-unavailable";
      alert.className = "alert alert-warning";
      alert.setAttribute("role", "alert");
      alert.setAttribute("tabindex", "-1");
      var body = document.createElement("div");
      body.className = "alert-body";
      var text = document.createElement("p");
      text.className = "alert-text";
      text.textContent = document.body.getAttribute("data-unavailable-message");
      body.appendChild(text);
      alert.appendChild(body);
      main.insertBefore(alert, main.firstChild);
    }
    alert.focus();
  });

  // Buttons that ask before a destructive action: <button data-confirm="...">.
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
