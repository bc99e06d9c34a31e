/* pvgraph query editor: YASGUI on /sparql, with the named questions as ready-made tabs.
   Without JavaScript (or if YASGUI fails to load) the page's plain form keeps working. */
(function () {
  "use strict";
  var mount = document.getElementById("yasgui");
  if (!mount || typeof Yasgui === "undefined") { return; }
  var examples = [];
  try {
    examples = JSON.parse(document.getElementById("named-questions").textContent);
  } catch (e) { examples = []; }
  var endpoint = new URL("/sparql", window.location.href).href;
  var textarea = document.getElementById("query");
  var yasgui;
  mount.hidden = false;  // CodeMirror measures its box when it starts: it must be visible
  try {
    yasgui = new Yasgui(mount, {
      requestConfig: { endpoint: endpoint, method: "POST" },
      autofocus: false,  // the page opens at its top, on the questions
      copyEndpointOnNewTab: true,
      persistenceId: "pvgraph-editor",
      populateFromUrl: false,
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
      // "class" and "property" completion would call lov.linkeddata.es: nothing leaves this server
      yasqe: { autocompleters: ["prefixes", "variables"], value: textarea ? textarea.value : "" }
    });
  } catch (e) {
    if (window.console) { console.error("YASGUI could not start; the plain form stays", e); }
    mount.hidden = true;
    return;
  }
  window.pvgraphEditor = yasgui;  // for the browser test and for curious readers
  // a first visit opens on the page's example query rather than on an empty editor
  var first = yasgui.getTab();
  if (first && textarea && !first.getQuery().trim()) { first.setQuery(textarea.value); }
  document.documentElement.classList.add("has-yasgui");
  var plain = document.getElementById("plain-editor");
  if (plain) { plain.hidden = true; }

  function openQuestion(example) {
    var tab = yasgui.addTab(true, { name: example.name.slice(0, 60), yasqe: { value: example.query } });
    tab.setQuery(example.query);
    tab.query();
    mount.scrollIntoView({ behavior: "auto", block: "start" });
  }

  var byId = {};
  examples.forEach(function (ex) { byId[ex.id] = ex; });
  document.querySelectorAll("[data-question]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var ex = byId[link.getAttribute("data-question")];
      if (!ex) { return; }
      event.preventDefault();
      openQuestion(ex);
    });
  });

  // Result links to the graph's own IRIs open this server's pages (as every page's links do),
  // not the public base's host: the same mapping as pvgraph.server.links.local_href.
  var base = mount.getAttribute("data-public-base") || "";
  function localHref(iri) {
    if (base && iri.indexOf(base) === 0) {
      var rest = iri.slice(base.length);
      if (rest === "ontology" || rest.indexOf("ontology#") === 0) { return "/" + rest; }
      if ((rest.indexOf("id/") === 0 || rest.indexOf("graph/") === 0) && !/[#?]/.test(rest)) {
        return "/" + rest;
      }
    }
    return "/resource?iri=" + encodeURIComponent(iri);
  }
  mount.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".yasr a[href]") : null;
    if (!link || !/^https?:/.test(link.href) || link.origin === window.location.origin) { return; }
    event.preventDefault();
    event.stopPropagation();
    var target = localHref(link.href);
    var lang = new URLSearchParams(window.location.search).get("lang");
    if (lang) { target += (target.indexOf("?") < 0 ? "?" : "&") + "lang=" + encodeURIComponent(lang); }
    window.location.assign(target);
  }, true);

  // /editor?question=… or ?query=… opened with JavaScript on: show it in YASGUI and run it.
  var params = new URLSearchParams(window.location.search);
  if (params.get("question") && byId[params.get("question")]) {
    openQuestion(byId[params.get("question")]);
  } else if (params.get("query")) {
    openQuestion({ name: "requête", query: params.get("query") });
  }
})();
