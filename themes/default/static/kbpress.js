// kbpress default theme script. Loaded with `defer`; optional: every page is
// complete without it.
//
// Highlights the table-of-contents entry ("On this page") of the section being
// read: the last H2/H3 whose heading has scrolled above a line at 30% of the
// viewport height.
(function () {
  "use strict";

  var toc = document.querySelector("nav.toc");
  if (!toc || !("IntersectionObserver" in window)) return;

  // Heading element -> its TOC link, in document order.
  var entries = [];
  toc.querySelectorAll('a[href^="#"]').forEach(function (link) {
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    var heading = document.getElementById(id);
    if (heading) entries.push({ heading: heading, link: link });
  });
  if (entries.length === 0) return;

  var current = null;

  function update() {
    var line = window.innerHeight * 0.3;
    var active = null;
    for (var i = 0; i < entries.length; i++) {
      if (entries[i].heading.getBoundingClientRect().top <= line) active = entries[i];
      else break;
    }
    if (active === current) return;
    if (current) {
      current.link.classList.remove("is-active");
      current.link.removeAttribute("aria-current");
    }
    current = active;
    if (current) {
      current.link.classList.add("is-active");
      current.link.setAttribute("aria-current", "true");
    }
  }

  // The callback runs whenever a heading crosses the band at the top 30% of
  // the viewport, which is exactly when the active entry can change.
  var observer = new IntersectionObserver(update, {
    rootMargin: "0px 0px -70% 0px",
    threshold: [0, 1]
  });
  entries.forEach(function (e) { observer.observe(e.heading); });
  update();
})();
