// The search box: results as you type, grouped by session; arrows move, Enter opens.

import * as api from "./api.js";
import { el, $$ } from "./dom.js";
import { plural, t } from "./i18n.js";

const DELAY_MS = 60;
// Results asked for at first, and added by each "Show more": a first screen comes fast,
// and the rest is one click away (the app lists at most 200).
const PAGE_SIZE = 50;
const MAX_RESULTS = 200;

/**
 * Wires the search box. `onOpen(hit, query)` opens a result; `onClear()` runs when the
 * search is emptied; `scope()` names the report to search in, or nothing for all.
 */
export function createSearch({ input, results, status, list, onOpen, onClear, scope = () => null }) {
  let hits = [];
  let active = -1;
  let timer = 0;
  let generation = 0;
  // The query whose results are on screen, and how many were asked for.
  let shown = "";
  let limit = PAGE_SIZE;

  async function run({ more = false } = {}) {
    clearTimeout(timer);
    timer = 0;
    const query = input.value.trim();
    const mine = ++generation;
    if (!query) {
      hits = [];
      shown = "";
      results.hidden = true;
      results.replaceChildren();
      delete results.dataset.query;
      status.hidden = true;
      list.hidden = false;
      return;
    }
    const wanted = more && query === shown ? Math.min(limit + PAGE_SIZE, MAX_RESULTS) : PAGE_SIZE;
    const response = await api.search(query, wanted, scope());
    if (mine !== generation) return; // A newer query is on its way.
    const keep = more ? active : 0;
    limit = wanted;
    list.hidden = true;
    results.hidden = false;
    status.hidden = false;
    // Listed by session, best session first: the order the arrow keys walk.
    hits = groupedInOrder(response.hits);
    active = hits.length ? Math.min(keep, hits.length - 1) : -1;
    shown = query;
    const maybeMore = hits.length === limit && limit < MAX_RESULTS;
    render(query, maybeMore);
    // For tests and figures: which query (and index state) the list on screen answers.
    results.dataset.query = query;
    results.dataset.state = response.status.state;
    if (response.error) status.textContent = t("search.failed", { error: response.error });
    else if (response.status.state === "indexing" && !hits.length) status.textContent = indexing(response.status);
    else if (response.status.state === "preparing" && !hits.length) status.textContent = t("search.preparing");
    else if (!hits.length) status.textContent = t("search.none", { query });
    // While the index is rebuilt, the one it replaces still answers.
    else if (response.status.state !== "ready") status.textContent = t("search.updating", { summary: summary(hits, hits.length === limit) });
    else status.textContent = summary(hits, hits.length === limit);
  }

  function indexing({ done, total }) {
    const percent = total ? Math.floor((100 * done) / total) : 0;
    return t("search.indexing", { done: done.toLocaleString("en"), total: total.toLocaleString("en"), percent });
  }

  function summary(found, capped) {
    const places = plural("search.places", new Set(found.map(groupKey)).size);
    const sections = t(`search.sections.${found.length === 1 ? "one" : "other"}`, {
      count: `${found.length}${capped ? "+" : ""}`,
    });
    return t("search.summary", { sections, places });
  }

  function render(query, maybeMore) {
    const groups = new Map();
    hits.forEach((hit, i) => {
      const key = groupKey(hit);
      if (!groups.has(key)) groups.set(key, { hit, items: [] });
      groups.get(key).items.push(i);
    });
    const shownGroups = [...groups.values()].map(({ hit, items }) =>
      el("div", { class: "result-group", role: "group", "aria-label": groupTitle(hit) },
        el("div", { class: "result-group-title", text: groupTitle(hit) }),
        items.map((i) => resultButton(hits[i], i, query))));
    if (maybeMore) {
      shownGroups.push(el("button", {
        type: "button",
        class: "more-results",
        text: t("search.more"),
        onclick: () => run({ more: true }),
      }));
    }
    results.replaceChildren(...shownGroups);
    highlightActive();
  }

  function resultButton(hit, i, query) {
    const snippet = el("span", { class: "result-snippet" }, snippetParts(hit.snippet));
    return el("button", {
      type: "button",
      class: "result",
      role: "option",
      id: `result-${i}`,
      dataset: { index: String(i) },
      tabindex: "-1",
      onclick: () => onOpen(hits[i], query),
    },
    el("span", { class: "result-heading", text: hit.heading || t(hit.session ? "page.introduction" : "page.overview") }),
    snippet);
  }

  function highlightActive() {
    for (const button of $$(".result", results)) {
      const on = Number(button.dataset.index) === active;
      button.setAttribute("aria-selected", on ? "true" : "false");
      if (on) button.scrollIntoView({ block: "nearest" });
    }
    if (active >= 0) input.setAttribute("aria-activedescendant", `result-${active}`);
    else input.removeAttribute("aria-activedescendant");
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, DELAY_MS);
  }

  // While an input method composes (Japanese typed as romaji), the box holds kana not yet
  // converted, and Enter and the arrow keys belong to the input method: the search waits
  // for the text it commits.
  input.addEventListener("input", (event) => {
    if (!event.isComposing) schedule();
  });
  input.addEventListener("compositionend", schedule);

  input.addEventListener("keydown", (event) => {
    // 229: the key code WebKit gives keys an input method takes.
    if (event.isComposing || event.keyCode === 229) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!hits.length) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      active = (active + step + hits.length) % hits.length;
      highlightActive();
    } else if (event.key === "Enter") {
      event.preventDefault();
      openActive();
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      clear();
    }
  });

  /** Opens the selected result, first running the search for what is typed if the list
   * on screen is for an older query (Enter pressed before the results came). */
  async function openActive() {
    const query = input.value.trim();
    if (query !== shown || timer) await run();
    if (query === shown && active >= 0 && hits[active]) onOpen(hits[active], query);
  }

  function clear() {
    clearTimeout(timer);
    input.value = "";
    run();
    onClear();
  }

  return {
    focus() { input.focus(); input.select(); },
    clear,
    rerun: () => { if (input.value.trim()) run(); },
    query: () => input.value.trim(),
  };
}

/** The hits with each session's hits together, sessions in the order of their best hit. */
function groupedInOrder(found) {
  const groups = new Map();
  for (const hit of found) {
    const key = groupKey(hit);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(hit);
  }
  return [...groups.values()].flat();
}

/** The snippet's text as text nodes, its matches in <mark> elements (no markup parsed). */
function snippetParts({ text, marks }) {
  const parts = [];
  let at = 0;
  for (const [start, end] of marks) {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(el("mark", { text: text.slice(start, end) }));
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

function groupKey(hit) {
  return hit.session_id || `${hit.report}/overview`;
}

function groupTitle(hit) {
  return hit.session || t("search.overview", { report: hit.report_title });
}
