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
  accessible(yasgui, mount);
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

  // Accessibility fixes around YASGUI's vendored bundle (never edited in place: it is pinned by
  // SHA-256 in scripts/install-assets.sh). RGAA 4.1 / WCAG 2.1 AA, checked by axe-core in
  // tests/web/test_accessibility.py.
  function accessible(yasgui, mount) {
    var page = document.documentElement.getAttribute("lang") || "fr";
    var fr = page === "fr";
    var keysHint = document.getElementById("editor-keys");
    if (keysHint) { keysHint.hidden = false; }
    // The tab list may only hold tabs: its "+" (add a tab) button moves right after it, and
    // YASGUI appends new tabs at the end of the list instead of before that button.
    var tabs = yasgui.tabElements;
    if (tabs && tabs.addTabEl && tabs._tabsListEl && tabs.addTabEl.parentNode === tabs._tabsListEl) {
      var add = tabs.addTabEl;
      tabs._tabsListEl.parentNode.insertBefore(add, tabs._tabsListEl.nextSibling);
      add.classList.add("pvgraph-add-tab");
      tabs.addTabEl = null;
      var button = add.querySelector("button");
      if (button) { button.setAttribute("aria-label", fr ? "Ajouter un onglet" : "Add a tab"); }
    }
    function focusable() {
      return Array.prototype.filter.call(document.querySelectorAll(
        "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select, textarea, " +
        "[tabindex]:not([tabindex='-1'])"), function (el) {
          return el.offsetParent !== null || el === document.activeElement;
        });
    }
    function leave(cm, step) {
      // move the focus to the focusable element before or after the editor
      var wrapper = cm.getWrapperElement();
      var all = focusable();
      var inside = all.filter(function (el) { return wrapper.contains(el); });
      var index = all.indexOf(step > 0 ? inside[inside.length - 1] : inside[0]);
      var target = all[index + step];
      if (target) { target.focus(); } else { cm.getInputField().blur(); }
    }
    function label(root) {
      // the query text (CodeMirror's input) and the endpoint field have no label of their own
      Array.prototype.forEach.call(root.querySelectorAll(".CodeMirror textarea"), function (area) {
        if (!area.getAttribute("aria-label")) {
          area.setAttribute("aria-label", fr ? "Requête SPARQL" : "SPARQL query");
          if (keysHint) { area.setAttribute("aria-describedby", "editor-keys"); }
        }
      });
      Array.prototype.forEach.call(root.querySelectorAll("input.autocomplete"), function (input) {
        if (!input.getAttribute("aria-label")) {
          input.setAttribute("aria-label", fr ? "Point d’accès SPARQL interrogé" : "SPARQL endpoint queried");
        }
      });
      // YASGUI's own controls are in English: say so to screen readers on a French page
      if (fr) {
        Array.prototype.forEach.call(root.querySelectorAll(
          ".tabsList, .pvgraph-add-tab, .controlbar, .yasqe_buttons, .yasr_header, .yasr_btnGroup, " +
          ".tableControls, .yasr_fallback_info, .tabMenu, .context-menu-list"), function (el) {
            if (!el.getAttribute("lang")) { el.setAttribute("lang", "en"); }
          });
      }
      // Tab indents in the editor (as before); Escape, then Tab or Shift+Tab, leaves it
      Array.prototype.forEach.call(root.querySelectorAll(".CodeMirror"), function (el) {
        var cm = el.CodeMirror;
        if (!cm || cm.pvgraphKeys) { return; }
        cm.pvgraphKeys = true;
        var escaped = false;
        var keys = Object.assign({}, cm.getOption("extraKeys") || {});
        var tab = keys.Tab, shiftTab = keys["Shift-Tab"];
        keys.Esc = function () { escaped = true; };
        keys.Tab = function (editor) {
          if (escaped) { escaped = false; leave(editor, 1); return; }
          if (typeof tab === "function") { return tab(editor); }
          editor.execCommand(tab || "indentMore");
        };
        keys["Shift-Tab"] = function (editor) {
          if (escaped) { escaped = false; leave(editor, -1); return; }
          if (typeof shiftTab === "function") { return shiftTab(editor); }
          editor.execCommand(shiftTab || "indentLess");
        };
        cm.setOption("extraKeys", keys);
        cm.on("blur", function () { escaped = false; });
        cm.on("keydown", function (_cm, event) {
          if (["Escape", "Tab", "Shift", "Control", "Alt", "Meta"].indexOf(event.key) < 0) { escaped = false; }
        });
      });
    }
    label(mount);
    new MutationObserver(function () { label(mount); }).observe(mount, { childList: true, subtree: true });
  }

  // /editor?question=… or ?query=… opened with JavaScript on: show it in YASGUI and run it.
  var params = new URLSearchParams(window.location.search);
  if (params.get("question") && byId[params.get("question")]) {
    openQuestion(byId[params.get("question")]);
  } else if (params.get("query")) {
    openQuestion({ name: "requête", query: params.get("query") });
  }
})();
