"use strict";
// The report page's behaviour: filters (status, finding code, service, search), keyboard
// navigation between packages that do not pass, and the large view of a page. Filters can
// also be given in the address (#status=fail&code=name_mismatch&service=c3_visa&q=ivanov),
// so a filtered view can be bookmarked. Errors are recorded on <body data-errors>, and
// <body data-ready> says the script ran to the end: what a test reads from the DOM.
(function () {
  const body = document.body;
  const record = (what) => { body.dataset.errors = (body.dataset.errors || "") + what + "\n"; };
  window.addEventListener("error", (e) => record("error: " + e.message));
  document.addEventListener("securitypolicyviolation", (e) => record("blocked: " + e.blockedURI));
  const consoleError = console.error;
  console.error = (...args) => { record("console: " + args.join(" ")); consoleError.apply(console, args); };

  const cards = Array.from(document.querySelectorAll("article.card"));
  const status = document.getElementById("f-status");
  const code = document.getElementById("f-code");
  const service = document.getElementById("f-service");
  const search = document.getElementById("f-search");
  const shown = document.getElementById("shown");

  function matches(card) {
    const s = card.dataset.status;
    if (status.value === "not-pass" ? s === "pass" : status.value && s !== status.value) return false;
    if (code.value && !card.dataset.codes.includes(" " + code.value + " ")) return false;
    if (service.value && card.dataset.service !== service.value) return false;
    const q = search.value.trim().toLowerCase();
    if (q && !q.split(/\s+/).every((w) => card.dataset.search.includes(w))) return false;
    return true;
  }

  function apply() {
    let n = 0;
    for (const card of cards) {
      const show = matches(card);
      card.hidden = !show;
      if (show) n += 1;
    }
    shown.value = String(n);
    shown.textContent = String(n);
    const params = new URLSearchParams();
    if (status.value) params.set("status", status.value);
    if (code.value) params.set("code", code.value);
    if (service.value) params.set("service", service.value);
    if (search.value) params.set("q", search.value);
    const hash = params.toString();
    if (hash !== location.hash.slice(1)) history.replaceState(null, "", hash ? "#" + hash : location.pathname);
  }

  function fromAddress() {
    const params = new URLSearchParams(location.hash.slice(1));
    const set = (el, v) => { if (v !== null && Array.from(el.options || []).some((o) => o.value === v)) el.value = v; };
    set(status, params.get("status"));
    set(code, params.get("code"));
    set(service, params.get("service"));
    if (params.get("q") !== null) search.value = params.get("q");
  }

  for (const el of [status, code, service]) el.addEventListener("change", apply);
  search.addEventListener("input", apply);
  window.addEventListener("hashchange", () => { fromAddress(); apply(); });

  // j / k: the next or previous visible package that does not pass.
  document.addEventListener("keydown", (e) => {
    if (e.target.closest && e.target.closest("input, select, textarea")) return;
    if (e.key !== "j" && e.key !== "k") return;
    const todo = cards.filter((c) => !c.hidden && c.dataset.status !== "pass");
    if (todo.length === 0) return;
    const at = todo.indexOf(document.activeElement);
    const next = e.key === "j" ? (at + 1) % todo.length : (at <= 0 ? todo.length - 1 : at - 1);
    todo[next].focus();
    todo[next].scrollIntoView({ block: "start" });
    e.preventDefault();
  });

  // A click on a page shows it large, with its boxes.
  const dialog = document.getElementById("large");
  const large = document.getElementById("large-page");
  document.querySelector("main").addEventListener("click", (e) => {
    const thumb = e.target.closest("button.thumb");
    if (!thumb) return;
    large.replaceChildren(thumb.querySelector(".page").cloneNode(true));
    if (typeof dialog.showModal === "function") dialog.showModal();
  });

  fromAddress();
  apply();
  body.dataset.ready = "1";
})();
