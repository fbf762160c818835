// The sidebar's list of reports and their pages.
//
// Reports are listed newest first, each as a row with its title; the pages (overview and
// sessions) show under the report being read and under any report the reader opens, and
// the others stay collapsed to their titles. Only the rows in view are elements: a library
// of 10,000 reports is 10,000 rows of data and a screenful of buttons, so it shows at once
// and scrolls smoothly. Rows have fixed heights per kind (titles are clamped in CSS), so
// where each row is is known without laying anything out.

import { el } from "./dom.js";
import { plural, t } from "./i18n.js";

/** Row heights in pixels, matching `.row-report`, `.row-overview` and `.row-session`. */
const HEIGHT = { report: 70, overview: 38, session: 76 };
/** Rows made beyond each edge of the view, so a quick scroll shows no gap. */
const OVERSCAN = 8;

/**
 * Makes the sidebar in `container` (the scrolling element). `onOpen(id)` is called when a
 * page is chosen.
 */
export function createSidebar(container, { onOpen }) {
  const canvas = el("div", { class: "rows" });
  container.replaceChildren(canvas);

  let library = { reports: [] };
  let category = "";
  let current = null;
  let currentReport = null;
  /** Reports the reader opened or closed by hand: report id → expanded. */
  const toggled = new Map();
  /** The rows as listed: { kind, key, report, page?, number? }, with their offsets. */
  let rows = [];
  let tops = [];
  let total = 0;
  /** Elements of the rows made so far, by key; dropped when the rows change. */
  let made = new Map();
  let focusedKey = null;

  const expanded = (report) => toggled.get(report.id) ?? report.id === currentReport;
  const listed = () => library.reports.filter((r) => !category || r.categories.includes(category));

  function layOut() {
    rows = [];
    for (const report of listed()) {
      rows.push({ kind: "report", key: `r:${report.id}`, report });
      if (!expanded(report)) continue;
      if (report.overview) {
        rows.push({ kind: "overview", key: `p:${report.overview}`, report, page: report.overview });
      }
      report.sessions.forEach((session, i) => {
        rows.push({ kind: "session", key: `p:${session.id}`, report, page: session.id, session, number: i + 1 });
      });
    }
    tops = new Array(rows.length);
    total = 0;
    rows.forEach((row, i) => { tops[i] = total; total += HEIGHT[row.kind]; });
    canvas.style.height = `${total}px`;
    made = new Map();
    draw();
  }

  /** The index of the row at `y` pixels from the top. */
  function rowAt(y) {
    let low = 0;
    let high = rows.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (tops[middle] <= y) low = middle;
      else high = middle - 1;
    }
    return Math.max(0, low);
  }

  function draw() {
    if (!rows.length) {
      canvas.replaceChildren();
      return;
    }
    const top = container.scrollTop;
    const first = Math.max(0, rowAt(top) - OVERSCAN);
    const last = Math.min(rows.length - 1, rowAt(top + container.clientHeight) + OVERSCAN);
    const hadFocus = canvas.contains(document.activeElement);
    const shown = [];
    for (let i = first; i <= last; i++) {
      const row = rows[i];
      let node = made.get(row.key);
      if (!node) {
        node = makeRow(row);
        made.set(row.key, node);
      }
      node.style.top = `${tops[i]}px`;
      shown.push(node);
    }
    canvas.replaceChildren(...shown);
    // A row scrolled away and back is the same element; focus stays where it was.
    if (hadFocus && focusedKey && made.has(focusedKey) && shown.includes(made.get(focusedKey))) {
      made.get(focusedKey).querySelector("button").focus({ preventScroll: true });
    }
  }

  function makeRow(row) {
    const wrap = el("div", { class: `row row-${row.kind}`, dataset: { key: row.key } });
    wrap.style.height = `${HEIGHT[row.kind]}px`;
    let button;
    if (row.kind === "report") {
      const open = expanded(row.report);
      button = el("button", {
        type: "button",
        class: "report-header",
        "aria-expanded": String(open),
        dataset: { report: row.report.id },
        title: row.report.title,
        onclick: () => toggle(row.report, !open),
      },
      el("span", { class: "report-toggle", "aria-hidden": "true", text: open ? "▾" : "▸" }),
      el("span", { class: "report-text" },
        el("span", { class: "report-title", text: row.report.title }),
        reportMeta(row.report)));
    } else if (row.kind === "overview") {
      button = pageButton(row.page, null, t("page.overview"), [], 0);
    } else {
      const s = row.session;
      button = pageButton(s.id, row.number, s.title, s.speakers, s.images);
    }
    if (row.page && row.page === current) button.setAttribute("aria-current", "page");
    button.addEventListener("focus", () => { focusedKey = row.key; });
    wrap.append(button);
    return wrap;
  }

  function pageButton(id, number, title, speakers, imageCount) {
    return el("button", {
      type: "button",
      class: number ? "session-item" : "session-item overview-item",
      dataset: { page: id },
      title,
      onclick: () => onOpen(id),
    },
    number ? el("span", { class: "session-number", text: String(number) }) : null,
    el("span", { class: "session-text" },
      el("span", { class: "session-title", text: title }),
      speakers.length ? el("span", { class: "session-byline", text: speakers.join(" / ") }) : null),
    imageCount ? el("span", {
      class: "image-count",
      title: plural("image.count", imageCount),
      text: `▣ ${imageCount}`,
    }) : null);
  }

  function toggle(report, open) {
    toggled.set(report.id, open);
    focusedKey = `r:${report.id}`;
    layOut();
    focusRow(rows.findIndex((row) => row.key === focusedKey));
  }

  /** Scrolls row `index` into view (as little as needed) and draws. */
  function reveal(index) {
    if (index < 0) return;
    const top = tops[index];
    const bottom = top + HEIGHT[rows[index].kind];
    if (top < container.scrollTop) container.scrollTop = top;
    else if (bottom > container.scrollTop + container.clientHeight) {
      container.scrollTop = bottom - container.clientHeight;
    }
    draw();
  }

  function focusRow(index) {
    if (index < 0 || index >= rows.length) return;
    focusedKey = rows[index].key;
    reveal(index);
    made.get(focusedKey)?.querySelector("button").focus({ preventScroll: true });
  }

  container.addEventListener("scroll", () => requestAnimationFrame(draw), { passive: true });
  new ResizeObserver(() => draw()).observe(container);
  container.addEventListener("keydown", (event) => {
    const at = rows.findIndex((row) => row.key === focusedKey);
    if (at < 0 || !canvas.contains(document.activeElement)) return;
    const row = rows[at];
    const page = Math.max(1, Math.floor(container.clientHeight / HEIGHT.session));
    const targets = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      PageDown: at + page,
      PageUp: at - page,
      Home: 0,
      End: rows.length - 1,
    };
    if (event.key in targets) {
      event.preventDefault();
      focusRow(Math.max(0, Math.min(rows.length - 1, targets[event.key])));
    } else if (event.key === "ArrowRight" && row.kind === "report" && !expanded(row.report)) {
      event.preventDefault();
      toggle(row.report, true);
    } else if (event.key === "ArrowLeft") {
      event.preventDefault();
      if (row.kind === "report" && expanded(row.report)) toggle(row.report, false);
      else if (row.kind !== "report") focusRow(rows.findIndex((r) => r.key === `r:${row.report.id}`));
    }
  });

  return {
    /** Shows `next` (the library anew, after a change to the folder). */
    render(next) {
      library = next;
      currentReport = reportOf(current);
      layOut();
    },
    /** Lists only reports of `name` ("" for all). */
    setCategory(name) {
      category = name;
      layOut();
    },
    /** Marks the page being read, opens its report and keeps it in view. */
    markCurrent(id) {
      current = id;
      const report = reportOf(id);
      if (report !== currentReport) {
        // The report read before folds back, unless the reader opened it by hand; the one
        // read now opens, even if it was closed by hand.
        currentReport = report;
        if (toggled.get(report) === false) toggled.delete(report);
      }
      layOut();
      reveal(rows.findIndex((row) => row.page === id));
    },
    /** Moves keyboard focus to the current page's row (or the first). */
    focusCurrent() {
      const at = rows.findIndex((row) => row.page === current);
      focusRow(at >= 0 ? at : 0);
    },
    /** The ids of every page in list order, collapsed reports' included. */
    pageIds() {
      return listed().flatMap((report) => [
        ...(report.overview ? [report.overview] : []),
        ...report.sessions.map((s) => s.id),
      ]);
    },
  };

  function reportOf(pageId) {
    if (!pageId) return null;
    const report = library.reports.find((r) => r.overview === pageId || r.sessions.some((s) => s.id === pageId));
    return report ? report.id : null;
  }
}

function reportMeta(report) {
  const parts = [];
  if (report.date) parts.push(el("time", { class: "report-date", text: report.date }));
  for (const category of report.categories) {
    parts.push(el("span", { class: "chip", text: category }));
  }
  return parts.length ? el("span", { class: "report-meta" }, parts) : null;
}

/** Every category of `library`, the most used first. */
export function categoriesOf(library) {
  const counts = new Map();
  for (const report of library.reports) {
    for (const category of report.categories) counts.set(category, (counts.get(category) || 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
