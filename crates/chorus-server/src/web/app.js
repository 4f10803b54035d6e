// Chorus page. Everything from the server is shown with textContent (never parsed as HTML), and
// links are made only for http(s) addresses, so an article's markup cannot run or navigate.
"use strict";

const $ = (id) => document.getElementById(id);
const encoder = new TextEncoder();
const decoder = new TextDecoder();
let droppedFiles = [];
let current = null; // { id, brief, articles: Map<source number, article> }
let historyPage = 1;
let opener = null; // what had the focus when the article panel opened

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

function safeLink(url, label) {
  if (typeof url === "string" && /^https?:\/\//i.test(url)) {
    return el("a", { href: url, rel: "noopener noreferrer", target: "_blank", text: label });
  }
  return document.createTextNode(label);
}

function setStatus(message, isError = false) {
  const s = $("status");
  s.textContent = message;
  s.classList.toggle("error", isError);
}

async function api(path, options = {}) {
  const response = await fetch(path, options);
  if (response.status === 204) return null;
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    body = null;
  }
  if (!response.ok) {
    const reason = body && body.error ? body.error : `HTTP ${response.status}`;
    throw new Error(reason);
  }
  return body;
}

// ---- the form ----

function addTextBox() {
  const n = document.querySelectorAll("#texts textarea").length + 1;
  const box = el("textarea", { name: "text", rows: "6" });
  const name = el("input", { type: "text", name: "name", maxlength: "200" });
  $("texts").append(
    el(
      "fieldset",
      { class: "article-input" },
      el("legend", { text: `Article ${n}` }),
      el("label", { class: "field" }, "Name (optional: an outlet or a headline)", name),
      el("label", { class: "field" }, "Its text or HTML", box),
    ),
  );
  name.focus();
}

function showDroppedFiles() {
  const list = $("dropped-files");
  list.replaceChildren(...droppedFiles.map((f) => el("li", { text: `${f.name} (${f.size} bytes)` })));
}

async function submitBrief(event) {
  event.preventDefault();
  const form = $("new-brief");
  const data = new FormData(form);
  for (const f of droppedFiles) data.append("file", f, f.name);
  $("make").disabled = true;
  setStatus("Making the brief…");
  try {
    const stored = await api("/api/briefs", { method: "POST", body: data });
    setStatus(`Brief ${stored.id} made from ${stored.articles.length} article(s).`);
    droppedFiles = [];
    showDroppedFiles();
    showBrief(stored);
    location.hash = `brief-${stored.id}`;
    // The brief, not the form, is what the reader wants next: bring it into view and move the
    // keyboard focus to its title.
    $("brief").scrollIntoView({ block: "start" });
    $("brief-title").focus({ preventScroll: true });
    await loadHistory(true);
  } catch (e) {
    setStatus(`Could not make the brief: ${e.message}`, true);
    $("status").scrollIntoView({ block: "nearest" });
  } finally {
    $("make").disabled = false;
  }
}

// ---- showing a brief ----

function citeButton(span) {
  return el("button", {
    type: "button",
    class: "cite",
    "aria-label": `show in source ${span.source}`,
    text: `[${span.source}]`,
    onclick: (e) => {
      e.stopPropagation();
      showSpan(span);
    },
  });
}

function sources(support) {
  const seen = new Set();
  const out = [];
  for (const s of support || []) {
    if (!seen.has(s.source)) {
      seen.add(s.source);
      out.push(s);
    }
  }
  return out;
}

// A piece of text that shows its source when chosen, by mouse or keyboard (Enter or Space). A
// span with the button role rather than a <button>, so long sentences flow inline with their
// source numbers.
function selectable(className, label, support) {
  const item = el("span", { role: "button", tabindex: "0", class: className, "aria-pressed": "false", text: label });
  const choose = () => {
    document.querySelectorAll("[aria-pressed='true']").forEach((b) => b.setAttribute("aria-pressed", "false"));
    item.setAttribute("aria-pressed", "true");
    if (support && support.length) showSpan(support[0]);
  };
  item.addEventListener("click", choose);
  item.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      choose();
    }
  });
  return item;
}

function section(id, items, fill) {
  const shown = Array.isArray(items) && items.length > 0;
  $(`${id}-section`).hidden = !shown;
  if (shown) fill(items);
}

function showBrief(stored) {
  const brief = stored.brief || { summary: [], quotes: [], facts: [], entities: [], timeline: [], coverage: [], sources: [] };
  current = { id: stored.id, brief, articles: new Map() };
  for (const a of stored.articles) if (a.source) current.articles.set(a.source, a);
  $("empty").hidden = true;
  $("rename-form").hidden = true;
  $("brief").hidden = false;
  $("source-view").hidden = true;
  document.body.classList.remove("source-open");
  $("brief-title").textContent = stored.title;
  $("brief-meta").textContent =
    `${stored.distinct_sources} source(s) · method ${brief.method || "—"} · ${stored.created_at}`;

  $("summary").replaceChildren(
    ...brief.summary.map((item) =>
      el("li", {}, selectable("sentence", item.text, item.support), ...sources(item.support).map(citeButton)),
    ),
  );
  if (brief.summary.length === 0) $("summary").append(el("li", { text: "No summary: nothing in the articles could be used." }));
  $("warnings").replaceChildren(...(brief.warnings || []).map((w) => el("li", { text: w })));

  section("quotes", brief.quotes, (quotes) => {
    $("quotes").replaceChildren(
      ...quotes.slice(0, 30).map((q) => {
        const name = q.speaker_role ? `${q.speaker} (${q.speaker_role})` : q.speaker;
        const who = q.speaker
          ? el("span", { class: "speaker", text: `${name}: ` })
          : el("span", { class: "unresolved", text: "(speaker unresolved): " });
        return el("li", {}, who, selectable("quote", `“${q.text}”`, q.support), ...sources(q.support).map(citeButton));
      }),
    );
  });

  // The figures the text shows (render.rs, `shown_facts`): those several sources give, then those
  // one source alone gives only when the summary says them, at most FACTS_SHOWN until the reader
  // asks for all: five right figures read better than forty.
  const FACTS_SHOWN = 8;
  const inSummary = (f) =>
    f.values.some((v) =>
      v.support.some((s) =>
        brief.summary.some((item) =>
          item.support.some((t) => t.source === s.source && t.start <= s.start && s.end <= t.end),
        ),
      ),
    );
  section("facts", brief.facts, function show(facts, all = false) {
    const first = facts.filter((f) => f.status !== "single" || inSummary(f)).slice(0, FACTS_SHOWN);
    const rows = (all ? facts : first).map((f) => {
      const values = el("td");
      f.values.forEach((v, i) => {
        if (i > 0) values.append("; ");
        values.append(el("span", { text: v.text }), ...sources(v.support).map(citeButton));
      });
      const label = f.status === "conflict" ? "Conflict" : f.status === "agree" ? "Agree" : "One source";
      return el(
        "tr",
        { class: f.status },
        el("td", { text: f.subject }),
        values,
        el("td", { class: `status-${f.status}`, text: label }),
      );
    });
    if (!all && facts.length > first.length) {
      const more = el("button", { type: "button", text: `Show all ${facts.length} figures` });
      more.addEventListener("click", () => show(facts, true));
      rows.push(el("tr", { class: "more" }, el("td", { colspan: "3" }, more)));
    }
    $("facts").tBodies[0].replaceChildren(...rows);
  });

  section("timeline", brief.timeline, (events) => {
    // The date worked out, with the words that gave it; where it was counted from when that was
    // a date the article states (it has no publication date); said once when some stay as written.
    const when = (t) => {
      if (!t.date) return `${t.when}: `;
      const from = t.anchor && t.anchor.kind === "stated" ? `, counted from ${t.anchor.date} as the article states it` : "";
      return `${t.date} (${t.when}${from}): `;
    };
    const shown = events.slice(0, 30);
    const note = shown.some((t) => !t.date)
      ? [el("li", {}, el("small", { text: "Dates such as “Tuesday” are left as written: no publication date to anchor them." }))]
      : [];
    $("timeline").replaceChildren(
      ...note,
      ...shown.map((t) =>
        el("li", {}, el("strong", { text: when(t) }), selectable("quote", t.text, t.support), ...sources(t.support).map(citeButton)),
      ),
    );
  });

  section("entities", brief.entities, (entities) => {
    $("entities").replaceChildren(
      ...entities.slice(0, 40).map((e) =>
        el(
          "li",
          {},
          el("span", { text: e.name }),
          " ",
          el("small", {
            text: [e.kind === "organization" ? "organisation" : e.kind, ...(e.roles || []).slice(0, 2), `${e.mentions || 1} mentions`].join(" · "),
          }),
        ),
      ),
    );
  });

  section("coverage", brief.coverage, (coverage) => {
    $("coverage").replaceChildren(
      ...coverage.map((c) => {
        const name = sourceName(c.source);
        const only = el("ul", { class: "items" }, ...(c.exclusive || []).map((p) =>
          el("li", {}, selectable("quote", p.text, p.support), ...sources(p.support).map(citeButton))));
        return el(
          "div",
          {},
          el("h4", { text: `[${c.source}] ${name}: ${c.points} point(s), ${c.exclusive_points} only here` }),
          only,
        );
      }),
    );
  });

  $("sources").replaceChildren(
    ...brief.sources.map((s) => {
      const a = current.articles.get(s.id) || {};
      const warning = s.warning ? [el("p", { class: "source-warning", role: "note", text: `⚠ ${s.warning}` })] : [];
      return el("li", { value: String(s.id) }, safeLink(a.url, sourceName(s.id)), " ", citeButton({ source: s.id, start: 0, end: 0 }), ...warning);
    }),
  );
  markHistory();
}

// How a source is named: outlet and headline when known, else the name it was given.
function sourceName(n) {
  const a = (current && current.articles.get(n)) || {};
  const info = ((current && current.brief.sources) || []).find((s) => s.id === n) || {};
  const parts = [a.outlet, info.title || a.title].filter(Boolean);
  return parts.length ? parts.join(" — ") : info.name || `source ${n}`;
}

// Spans are byte offsets into the article's UTF-8 text. The article is shown whole: the chosen
// span marked, and what cleaning dropped (menus, paywall lines, other stories) greyed with its
// reason.
function showSpan(span) {
  const article = current && current.articles.get(span.source);
  if (!article || typeof article.text !== "string") return;
  const bytes = encoder.encode(article.text);
  const clamp = (n) => Math.min(Math.max(0, n | 0), bytes.length);
  const start = clamp(span.start);
  const end = Math.max(start, clamp(span.end));
  const info = (current.brief.sources || []).find((s) => s.id === span.source);
  const dropped = ((info && info.dropped) || []).map((d) => ({ start: clamp(d.start), end: clamp(d.end), reason: d.reason }));
  const cuts = new Set([0, bytes.length, start, end]);
  for (const d of dropped) cuts.add(d.start).add(d.end);
  const points = [...cuts].sort((a, b) => a - b);
  const pieces = [];
  const labelled = new Set();
  let firstMark = null;
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    if (a === b) continue;
    const text = decoder.decode(bytes.slice(a, b));
    const drop = dropped.find((d) => d.start <= a && b <= d.end);
    let node;
    if (a >= start && b <= end && end > start) {
      node = el("mark", { text });
      firstMark = firstMark || node;
    } else if (drop) {
      // The reason is shown in front of the text it set aside, not only on hover: touch and
      // keyboard readers see it too.
      if (!labelled.has(drop)) {
        labelled.add(drop);
        pieces.push(el("span", { class: "drop-reason", text: `set aside: ${drop.reason} ` }));
      }
      node = el("s", { class: "dropped", title: `set aside: ${drop.reason}`, text });
    } else {
      node = document.createTextNode(text);
    }
    pieces.push(node);
  }
  $("source-text").replaceChildren(...pieces);
  $("source-title").textContent = `[${span.source}] ${sourceName(span.source)}`;
  if ($("source-view").hidden) opener = document.activeElement;
  $("source-view").hidden = false;
  document.body.classList.add("source-open");
  if (firstMark) firstMark.scrollIntoView({ block: "center" });
  else $("source-text").scrollTop = 0;
}

// Closes the article panel and gives the focus back to what opened it.
function closeSource() {
  $("source-view").hidden = true;
  document.body.classList.remove("source-open");
  if (opener && document.contains(opener)) opener.focus();
  opener = null;
}

// ---- past briefs ----

async function loadHistory(reset) {
  if (reset) historyPage = 1;
  try {
    const page = await api(`/api/briefs?page=${historyPage}&per_page=20`);
    const items = page.briefs.map((b) =>
      el(
        "li",
        {},
        el("button", { type: "button", "data-id": String(b.id), onclick: () => openBrief(b.id) },
          el("span", { text: b.title }),
          el("small", { text: `${b.created_at} · ${b.distinct_sources} source(s) · ${b.origin}` })),
      ),
    );
    if (reset) $("history").replaceChildren(...items);
    else $("history").append(...items);
    $("more-history").hidden = page.page * page.per_page >= page.total;
    markHistory();
    return true;
  } catch (e) {
    setStatus(`Could not list briefs: ${e.message}`, true);
    return false;
  }
}

function markHistory() {
  document.querySelectorAll("#history button").forEach((b) => {
    b.setAttribute("aria-current", current && b.dataset.id === String(current.id) ? "true" : "false");
  });
}

async function openBrief(id) {
  try {
    showBrief(await api(`/api/briefs/${id}`));
    location.hash = `brief-${id}`;
    $("brief-title").focus();
  } catch (e) {
    setStatus(`Could not open brief ${id}: ${e.message}`, true);
  }
}

function startRename() {
  if (!current) return;
  $("rename-input").value = $("brief-title").textContent;
  $("rename-form").hidden = false;
  $("rename-input").focus();
  $("rename-input").select();
}

function endRename() {
  $("rename-form").hidden = true;
  $("brief-title").focus();
}

async function saveRename(event) {
  event.preventDefault();
  if (!current) return;
  try {
    const stored = await api(`/api/briefs/${current.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: $("rename-input").value }),
    });
    $("brief-title").textContent = stored.title;
    endRename();
    await loadHistory(true);
    setStatus(`Brief ${current.id} renamed.`);
  } catch (e) {
    setStatus(`Could not rename: ${e.message}`, true);
  }
}

async function deleteCurrent() {
  if (!current || !confirm("Delete this brief?")) return;
  try {
    const id = current.id;
    await api(`/api/briefs/${id}`, { method: "DELETE" });
    current = null;
    $("brief").hidden = true;
    $("source-view").hidden = true;
    $("empty").hidden = false;
    history.replaceState(null, "", location.pathname);
    // Announced once the list no longer shows it, so what is said matches what is seen.
    if (await loadHistory(true)) setStatus(`Brief ${id} deleted.`);
  } catch (e) {
    setStatus(`Could not delete: ${e.message}`, true);
  }
}

// ---- wiring ----

document.addEventListener("DOMContentLoaded", () => {
  $("new-brief").addEventListener("submit", submitBrief);
  $("add-text").addEventListener("click", addTextBox);
  $("delete-brief").addEventListener("click", deleteCurrent);
  $("close-source").addEventListener("click", closeSource);
  $("rename-brief").addEventListener("click", startRename);
  $("rename-cancel").addEventListener("click", endRename);
  $("rename-form").addEventListener("submit", saveRename);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !$("source-view").hidden) closeSource();
  });
  // Offer embeddings only when the server has a model to compute them.
  api("/health")
    .then((h) => {
      $("embeddings-option").hidden = !(h && h.embeddings);
    })
    .catch(() => {});
  $("more-history").addEventListener("click", () => {
    historyPage += 1;
    loadHistory(false);
  });
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    droppedFiles.push(...e.dataTransfer.files);
    showDroppedFiles();
  });
  drop.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      $("files").click();
    }
  });
  loadHistory(true);
  const m = /^#brief-(\d+)$/.exec(location.hash);
  if (m) openBrief(Number(m[1]));
});
