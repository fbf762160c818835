// The sidebar's list of reports and their sessions.

import { el, $$ } from "./dom.js";

/** Fills `container` with the library (anew when it changed); `onOpen(id)` is called when a
 * page is chosen. */
export function renderLibrary(container, library, onOpen) {
  container.replaceChildren(
    ...library.reports.map((report) =>
      el("section", { class: "report-group" },
        el("header", { class: "report-header" },
          el("h2", { class: "report-title", text: report.title }),
          reportMeta(report)),
        el("ol", { class: "session-items" },
          report.overview ? el("li", {}, item(report.overview, null, "Overview", [], 0, onOpen)) : null,
          report.sessions.map((session, i) =>
            el("li", {}, item(session.id, i + 1, session.title, session.speakers,
              session.images.length, onOpen)))))));
  if (!container.dataset.keys) {
    container.dataset.keys = "on";
    container.addEventListener("keydown", (event) => moveFocus(container, event));
  }
}

function reportMeta(report) {
  const parts = [];
  if (report.date) parts.push(el("time", { class: "report-date", text: report.date }));
  for (const category of report.categories) {
    parts.push(el("span", { class: "chip", text: category }));
  }
  return parts.length ? el("p", { class: "report-meta" }, parts) : null;
}

function item(id, number, title, speakers, imageCount, onOpen) {
  return el("button", {
    type: "button",
    class: number ? "session-item" : "session-item overview-item",
    dataset: { page: id },
    onclick: () => onOpen(id),
  },
  number ? el("span", { class: "session-number", text: String(number) }) : null,
  el("span", { class: "session-text" },
    el("span", { class: "session-title", text: title }),
    speakers.length ? el("span", { class: "session-byline", text: speakers.join(" / ") }) : null),
  imageCount ? el("span", {
    class: "image-count",
    title: `${imageCount} image${imageCount > 1 ? "s" : ""}`,
    text: `▣ ${imageCount}`,
  }) : null);
}

/** Marks the page being read and keeps it in view. */
export function markCurrent(container, id) {
  for (const button of $$(".session-item", container)) {
    if (button.dataset.page === id) {
      button.setAttribute("aria-current", "page");
      button.scrollIntoView({ block: "nearest" });
    } else {
      button.removeAttribute("aria-current");
    }
  }
}

/** Moves keyboard focus to the current page's entry (or the first). */
export function focusCurrent(container) {
  const current = container.querySelector(".session-item[aria-current]") ||
    container.querySelector(".session-item");
  current?.focus();
}

/** The ids of every page in list order. */
export function pageIds(container) {
  return $$(".session-item", container).map((button) => button.dataset.page);
}

function moveFocus(container, event) {
  const items = $$(".session-item", container);
  const at = items.indexOf(document.activeElement);
  if (at < 0) return;
  const target = {
    ArrowDown: Math.min(at + 1, items.length - 1),
    ArrowUp: Math.max(at - 1, 0),
    Home: 0,
    End: items.length - 1,
  }[event.key];
  if (target === undefined) return;
  event.preventDefault();
  items[target].focus();
}
