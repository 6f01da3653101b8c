// entigraph's viewer: plain JavaScript over the server's JSON API and its
// Graphviz SVG (docs/api.md). No framework, no build step.
"use strict";

const $ = (sel) => document.querySelector(sel);
const state = { centre: null, entity: null };

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const k of kids) if (k != null) e.append(k);
  return e;
}

function showError(msg) {
  const box = $("#error");
  box.textContent = msg;
  box.hidden = false;
  clearTimeout(showError.t);
  showError.t = setTimeout(() => { box.hidden = true; }, 6000);
}

async function get(path, params, as) {
  const url = path + "?" + params.toString();
  const resp = await fetch(url);
  if (!resp.ok) {
    let msg = resp.status + " " + resp.statusText;
    try { msg = (await resp.json()).error || msg; } catch (_) { /* not JSON */ }
    throw new Error(msg);
  }
  return as === "text" ? resp.text() : resp.json();
}

// The filters as query parameters.
function filterParams() {
  const p = new URLSearchParams();
  p.set("depth", $("#depth").value);
  p.set("max_nodes", $("#max_nodes").value || "20");
  p.set("max_edges", $("#max_edges").value || "40");
  p.set("modality", $("#modality").value);
  const ms = $("#min_support").value;
  if (ms && ms !== "0") p.set("min_support", ms);
  for (const k of ["since", "until"]) { const v = $("#" + k).value.trim(); if (v) p.set(k, v); }
  const checked = (fs) => [...document.querySelectorAll(fs + " input:checked")].map((i) => i.value);
  const all = (fs) => document.querySelectorAll(fs + " input").length;
  const types = checked("#types"), preds = checked("#predicates");
  if (types.length && types.length < all("#types")) p.set("type", types.join(","));
  if (preds.length && preds.length < all("#predicates")) p.set("predicate", preds.join(","));
  return p;
}

// ---- search with suggestions ----

let suggestTimer = null, suggestSeq = 0, active = -1;

function suggestions() { return [...document.querySelectorAll("#suggestions li")]; }

function closeSuggestions() { $("#suggestions").hidden = true; active = -1; }

async function suggest(q) {
  const seq = ++suggestSeq;
  if (!q.trim()) { closeSuggestions(); return; }
  let res;
  try { res = await get("/api/search", new URLSearchParams({ q, limit: "8" })); } catch (e) { showError(e.message); return; }
  if (seq !== suggestSeq) return; // a later keystroke won
  const ul = $("#suggestions");
  ul.replaceChildren();
  if (!res.entities.length) ul.append(el("li", { class: "none" }, "no entity is called “" + q + "”"));
  res.entities.forEach((e) => {
    const li = el("li", { role: "option", "data-id": e.id }, e.name, el("span", { class: "type" }, e.type));
    li.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(e.id); });
    ul.append(li);
  });
  active = -1;
  ul.hidden = false;
}

function choose(id) {
  closeSuggestions();
  centre(id);
}

function setupSearch() {
  const input = $("#search");
  input.addEventListener("input", () => {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(() => suggest(input.value), 120);
  });
  input.addEventListener("keydown", async (ev) => {
    const items = suggestions().filter((li) => li.dataset.id);
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (!items.length) return;
      active = (active + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      items.forEach((li, i) => li.setAttribute("aria-selected", i === active ? "true" : "false"));
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      if (active >= 0 && items[active]) { choose(items[active].dataset.id); return; }
      await suggest(input.value);
      const first = suggestions().find((li) => li.dataset.id);
      if (first) choose(first.dataset.id);
    } else if (ev.key === "Escape") {
      closeSuggestions();
    }
  });
  input.addEventListener("blur", () => setTimeout(closeSuggestions, 150));
}

// ---- the ego graph ----

async function centre(id) {
  state.centre = id;
  if (location.hash !== "#" + encodeURIComponent(id)) history.replaceState(null, "", "#" + encodeURIComponent(id));
  const p = filterParams();
  p.set("id", id);
  const graph = $("#graph");
  graph.setAttribute("aria-busy", "true");
  try {
    const [svgText, info] = await Promise.all([
      get("/api/view", new URLSearchParams([...p, ["format", "svg"]]), "text"),
      get("/api/entity", new URLSearchParams({ id, limit: "0" })),
    ]);
    if (state.centre !== id) return; // another entity was chosen meanwhile
    const doc = new DOMParser().parseFromString(svgText, "image/svg+xml");
    const svg = document.importNode(doc.documentElement, true);
    // Fitted to the pane unless the reader asks for the actual size.
    svg.dataset.width = svg.getAttribute("width") || "";
    svg.dataset.height = svg.getAttribute("height") || "";
    const zoom = el("button", { type: "button", id: "zoom" });
    zoom.addEventListener("click", () => setFit(svg, zoom, !graph.classList.contains("fit")));
    graph.replaceChildren(zoom, svg);
    wireGraph(svg);
    // Fitted when that keeps the labels readable (at least 0.6 of their
    // size); else at actual size, scrolled to the centre.
    const pt = (v) => parseFloat(v) * (String(v).endsWith("pt") ? 4 / 3 : 1);
    const scale = Math.min(graph.clientWidth / pt(svg.dataset.width || 1), graph.clientHeight / pt(svg.dataset.height || 1));
    setFit(svg, zoom, !(scale < 0.6));
    if (scale < 0.6) {
      const node = [...svg.querySelectorAll("g.node")].find((g) => g.dataset.id === id);
      if (node) node.scrollIntoView({ block: "center", inline: "center" });
    }
    showEntity(info.entity);
    downloads(p);
  } catch (e) {
    showError(e.message);
  } finally {
    graph.removeAttribute("aria-busy");
  }
}

function setFit(svg, button, fit) {
  $("#graph").classList.toggle("fit", fit);
  if (fit) {
    svg.removeAttribute("width");
    svg.removeAttribute("height");
  } else {
    if (svg.dataset.width) svg.setAttribute("width", svg.dataset.width);
    if (svg.dataset.height) svg.setAttribute("height", svg.dataset.height);
  }
  button.textContent = fit ? "Actual size" : "Fit";
}

function titleOf(g) {
  const t = g.querySelector("title");
  return t ? t.textContent : "";
}

function wireGraph(svg) {
  svg.querySelectorAll("g.node").forEach((g) => {
    const id = titleOf(g);
    if (id.startsWith("_legend_")) return;
    g.dataset.id = id;
    g.addEventListener("click", (ev) => { ev.preventDefault(); centre(id); });
  });
  svg.querySelectorAll("g.edge").forEach((g) => {
    const t = titleOf(g), i = t.lastIndexOf("->");
    if (i < 0) return;
    const a = t.slice(0, i), b = t.slice(i + 2);
    g.dataset.from = a;
    g.dataset.to = b;
    g.addEventListener("click", (ev) => {
      ev.preventDefault();
      svg.querySelectorAll("g.edge.selected").forEach((x) => x.classList.remove("selected"));
      g.classList.add("selected");
      evidence(a, b);
    });
  });
  // Graphviz wraps nodes and edges in links carrying tooltips: keep the
  // tooltips, never follow them.
  svg.querySelectorAll("a").forEach((a) => a.addEventListener("click", (ev) => ev.preventDefault()));
}

// safeURL keeps only web links: a document's URL comes from its input.
function safeURL(u) { return /^https?:\/\//i.test(u || "") ? u : ""; }

function showEntity(e) {
  state.entity = e;
  const box = $("#entity-info");
  const same = (e.sameAs || []).filter(safeURL).map((u) => el("a", { href: u, target: "_blank", rel: "noopener noreferrer" }, u));
  box.replaceChildren(
    el("h2", {}, e.name),
    el("div", {}, e.type + " · " + e.mentions + " mentions in " + e.documents + " documents"),
    (e.aliases || []).length ? el("div", { class: "aliases" }, "also: " + e.aliases.join("; ")) : null,
    ...same.map((a) => el("div", { class: "aliases" }, a)),
  );
  box.hidden = false;
  document.title = e.name + " · entigraph";
}

function downloads(p) {
  const box = $("#downloads");
  box.replaceChildren();
  for (const f of ["svg", "dot", "jsonld", "csv", "graphml"]) {
    const q = new URLSearchParams([...p, ["format", f], ["download", "1"]]);
    box.append(el("a", { href: "/api/view?" + q.toString(), download: "", "data-format": f }, f.toUpperCase()));
  }
}

// ---- evidence ----

function escapeRE(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

// highlight returns the sentence as nodes, every name of names marked.
function highlight(sentence, names) {
  const words = [...new Set(names.filter((n) => n && n.length > 1))].sort((a, b) => b.length - a.length);
  if (!words.length) return [document.createTextNode(sentence)];
  const re = new RegExp("(?<![\\p{L}\\p{N}])(" + words.map(escapeRE).join("|") + ")(?![\\p{L}\\p{N}])", "giu");
  const out = [];
  let last = 0;
  for (const m of sentence.matchAll(re)) {
    if (m.index > last) out.push(document.createTextNode(sentence.slice(last, m.index)));
    out.push(el("mark", {}, m[0]));
    last = m.index + m[0].length;
  }
  if (last < sentence.length) out.push(document.createTextNode(sentence.slice(last)));
  return out;
}

async function evidence(a, b) {
  const box = $("#evidence");
  const p = filterParams();
  p.delete("depth");
  p.delete("max_nodes");
  p.delete("max_edges");
  p.append("id", a);
  p.append("id", b);
  let res;
  try { res = await get("/api/relations", p); } catch (e) { showError(e.message); return; }
  const ents = Object.fromEntries(res.entities.map((e) => [e.id, e]));
  const name = (id) => (ents[id] ? ents[id].name : id);
  const names = (id) => (ents[id] ? [ents[id].name, ...(ents[id].aliases || [])] : []);
  const parts = [el("h2", {}, "Evidence: " + name(a) + " – " + name(b))];
  if (!res.relations.length) parts.push(el("p", { class: "hint" }, "No relation passes the filters."));
  for (const r of res.relations) {
    const facts = [r.modality, r.location ? "in " + name(r.location) : "", r.date, r.role, "support " + r.support].filter(Boolean);
    const div = el("div", { class: "relation" },
      el("h3", {}, name(r.subject) + " — " + r.predicate.replaceAll("_", " ") + " — " + name(r.object)),
      el("div", { class: "meta" }, facts.join(" · ")));
    for (const ev of r.evidence) {
      const src = safeURL(ev.url)
        ? el("a", { href: ev.url, target: "_blank", rel: "noopener noreferrer" }, ev.title || ev.doc)
        : el("span", {}, ev.title || ev.doc);
      div.append(
        el("blockquote", {}, ...highlight(ev.sentence, [...names(r.subject), ...names(r.object)])),
        el("div", { class: "meta" }, src, " · bytes " + ev.start + "–" + ev.end + (ev.date ? " · " + ev.date : "")));
    }
    parts.push(div);
  }
  box.replaceChildren(...parts);
}

// ---- start ----

async function start() {
  setupSearch();
  $("#apply").addEventListener("click", () => { if (state.centre) centre(state.centre); });
  // The counts read the whole store: on a large one they come later (the
  // server answers 503 until then), and the header stays empty meanwhile.
  get("/api/stats", new URLSearchParams()).then((st) => {
    $("#stats").textContent = st.documents + " documents · " + st.entities + " entities · " + st.relations + " relations";
  }, () => {});
  try {
    const onto = await get("/api/ontology", new URLSearchParams());
    for (const t of onto.types) $("#types").append(el("label", {}, el("input", { type: "checkbox", value: t, checked: "" }), " " + t));
    for (const pr of onto.predicates) $("#predicates").append(el("label", {}, el("input", { type: "checkbox", value: pr.id, checked: "" }), " " + pr.label));
  } catch (e) {
    showError(e.message);
  }
  if (location.hash.length > 1) centre(decodeURIComponent(location.hash.slice(1)));
}

start();
