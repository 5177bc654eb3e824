// The certificate list: on a narrow screen the filters fold away so that the results come first; after a
// filter link has loaded its page (its URL ends with the filter's id), the focus goes back to that filter.
(function () {
  "use strict";
  var fold = document.querySelector("details[data-fold]");
  var narrow = window.matchMedia("(max-width: 50rem)");
  var id = window.location.hash ? decodeURIComponent(window.location.hash.slice(1)) : "";
  var facet = id ? document.getElementById(id) : null;
  if (facet && !facet.hasAttribute("data-facet")) {
    facet = null;
  }
  function place() {
    if (fold) {
      fold.open = !narrow.matches || facet !== null;
    }
  }
  place();
  narrow.addEventListener("change", place);
  if (facet) {
    facet.focus();
  }
})();
