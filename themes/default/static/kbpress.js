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

// The public site's audience switch ("I am a: Direct customer / Customer of a
// wholesale partner"): shows the reader only the audience sections for them,
// and remembers the choice for every page. The switch is `hidden` in the HTML,
// so without JavaScript every section stays visible with its label.
(function () {
  "use strict";

  var form = document.querySelector("form.audience-switch");
  if (!form) return;
  var KEY = "kbpress-audience";

  function stored() {
    try { return window.localStorage.getItem(KEY) || ""; } catch (e) { return ""; }
  }
  function store(value) {
    try { window.localStorage.setItem(KEY, value); } catch (e) { /* private mode */ }
  }
  function forAudience(element, audience) {
    var list = (element.getAttribute("data-audience") || "").split(" ");
    return list.indexOf(audience) !== -1;
  }

  function apply(audience) {
    var hidden = 0;
    document.querySelectorAll(".audience-section[data-audience]").forEach(function (section) {
      var hide = audience !== "" && !forAudience(section, audience);
      section.hidden = hide;
      if (hide) hidden++;
    });
    document.querySelectorAll("nav.toc li[data-audience]").forEach(function (entry) {
      entry.hidden = audience !== "" && !forAudience(entry, audience);
    });
    var status = form.querySelector(".audience-status");
    if (status) {
      // The theme's words in the page's language (data-* of the form), else English.
      var words = hidden === 1 ?
        form.getAttribute("data-hidden-one") || "{count} section for other readers is hidden." :
        form.getAttribute("data-hidden-other") || "{count} sections for other readers are hidden.";
      status.textContent = audience === "" ? "" : words.replace("{count}", hidden);
    }
  }

  var choice = stored();
  var radios = form.querySelectorAll('input[name="audience"]');
  var known = false;
  radios.forEach(function (radio) {
    if (radio.value === choice) { radio.checked = true; known = true; }
  });
  if (!known) choice = "";
  form.addEventListener("change", function (event) {
    if (event.target.name !== "audience") return;
    store(event.target.value);
    apply(event.target.value);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply(choice);
})();
