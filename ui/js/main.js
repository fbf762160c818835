// Start-up and the keys that work everywhere.

import * as api from "./api.js";
import { $, typingInField } from "./dom.js";
import { createLightbox } from "./lightbox.js";
import { showPage } from "./page.js";
import { createSearch } from "./search.js";
import { createAbout } from "./about.js";
import { createFolders } from "./folders.js";
import { categoriesOf, createSidebar } from "./sidebar.js";
import { plural, setLocale, t } from "./i18n.js";
import { addCopyButtons, createNotice, linkProblemText } from "./links.js";

// Elements are looked up once, before any report content (which has ids of its own) is
// on the page.
const view = {
  main: $("#page"),
  header: $(".page-header"),
  report: $("#page-report"),
  title: $("#page-title"),
  byline: $("#page-byline"),
  body: $(".page-body"),
  content: $("#page-content"),
  toc: $("#toc"),
  images: $("#image-panel"),
  previous: $("#previous-page"),
  next: $("#next-page"),
};
const sessionList = $("#session-list");
const categoryFilter = $("#category-filter");
const sidebar = createSidebar(sessionList, { onOpen: (id) => open(id) });
const problems = $("#problems");
const help = $("#help");
const helpClose = $("#help-close");
const lightbox = createLightbox($("#lightbox"));
const notice = createNotice($("#notice"));

let currentId = null;
let currentReport = null;
const searchScope = $("#search-scope");
let firstShown = false;

let currentQuery = null;

// Where each page was left (a fraction of its height) and the reading text's size, as the
// app remembers them across starts.
let positions = {};
let fontScale = 100;
const FONT_STEPS = [70, 80, 90, 100, 110, 120, 130, 150, 170, 200];
const textSize = $("#text-size");

function applyFontScale(scale) {
  fontScale = scale;
  document.documentElement.style.setProperty("--reading-scale", String(scale / 100));
  textSize.textContent = `${scale}%`;
  document.body.dataset.fontScale = String(scale);
}

async function changeFontScale(direction) {
  const at = FONT_STEPS.indexOf(fontScale);
  const next = direction === 0 ? 100
    : FONT_STEPS[Math.max(0, Math.min(FONT_STEPS.length - 1, (at < 0 ? 3 : at) + direction))];
  const kept = currentPosition();
  applyFontScale(await api.setFontScale(next));
  // The same passage stays in view as the text grows or shrinks.
  restorePosition(kept);
}
$("#text-smaller").addEventListener("click", () => changeFontScale(-1));
$("#text-larger").addEventListener("click", () => changeFontScale(1));
textSize.addEventListener("click", () => changeFontScale(0));

/** How far down the page is scrolled, from 0 (top) to 1 (end). */
function currentPosition() {
  const room = view.main.scrollHeight - view.main.clientHeight;
  return room > 0 ? view.main.scrollTop / room : 0;
}

let restoring = 0;
/** Scrolls to `fraction` of the page, and again as its images load and make it taller,
 * until the reader scrolls on their own. */
function restorePosition(fraction) {
  holdPosition(() => {
    view.main.scrollTop = fraction * Math.max(0, view.main.scrollHeight - view.main.clientHeight);
  });
}

/** Keeps the section `anchor` at the top while the images above it load. */
function holdAnchor(anchor) {
  holdPosition(() => {
    view.content.querySelector(`#${CSS.escape(anchor)}`)?.scrollIntoView({ block: "start" });
  });
}

/** Runs `apply` now and each time an image of the page loads, until the reader scrolls. */
function holdPosition(apply) {
  apply();
  const token = ++restoring;
  for (const image of view.content.querySelectorAll("img")) {
    if (!image.complete) image.addEventListener("load", () => { if (token === restoring) apply(); }, { once: true });
  }
}
for (const input of ["wheel", "pointerdown", "keydown", "touchstart"]) {
  view.main.addEventListener(input, () => { restoring++; }, { passive: true });
}

let positionTimer = 0;
view.main.addEventListener("scroll", () => {
  if (!currentId) return;
  clearTimeout(positionTimer);
  const id = currentId;
  positionTimer = setTimeout(() => {
    if (id !== currentId) return;
    const fraction = Math.round(currentPosition() * 10000) / 10000;
    positions[id] = fraction;
    api.rememberPosition(id, fraction);
  }, 400);
}, { passive: true });

async function open(id, { query, anchor, keepScroll = false } = {}) {
  let page;
  try {
    page = await api.page(id, query);
  } catch (error) {
    showError(t("page.cannot_open", { error }));
    return;
  }
  const scrolled = view.main.scrollTop;
  clearTimeout(positionTimer);
  // The page shown may be another than asked for: a report found by its title that has no
  // overview opens at its first session.
  currentId = page.id;
  currentReport = page.report_id;
  currentQuery = query || null;
  showPage(view, page, { anchor, onOpen: (next) => open(next), onImage: lightbox.open });
  addCopyButtons(view.header, view.content, page, (link, copied) =>
    notice.show(t(copied ? "link.copied" : "link.copy_failed", { link }), { lasting: !copied }));
  // The same page shown again after its file changed stays where the reader was; a page
  // opened again (not for a search result) where it was left.
  if (keepScroll) view.main.scrollTop = scrolled;
  else if (anchor) holdAnchor(anchor);
  else if (!anchor && !query && positions[page.id] !== undefined) restorePosition(positions[page.id]);
  sidebar.markCurrent(page.id);
  document.title = `${page.kind === "overview" ? page.report_title : page.title} — Report Viewer`;
  api.rememberPage(page.id);
  if (!firstShown) {
    firstShown = true;
    document.body.dataset.ready = "true";
    api.frontendReady().then((ms) => { document.body.dataset.startupMs = String(ms); });
  }
}

function step(offset) {
  const ids = sidebar.pageIds();
  const at = ids.indexOf(currentId);
  const target = ids[at + offset];
  if (target) open(target);
}

/** Opens where a link leads (`destination`, as the app followed it) and says what of it
 * could not be found. Without a page to go to, the page shown stays. */
async function goTo(destination) {
  if (destination.page) await open(destination.page, { anchor: destination.anchor });
  if (destination.problem) notice.show(linkProblemText(destination.problem), { lasting: true });
}

function showError(message) {
  problems.hidden = false;
  problems.textContent = message;
}

/** Names the files that could not be read, or hides the banner when there are none (a
 * change to the folder may have mended them). */
function showProblems(list) {
  problems.hidden = !list.length;
  if (!list.length) {
    problems.replaceChildren();
    return;
  }
  problems.replaceChildren(
    document.createTextNode(plural("problems.files", list.length)),
    ...list.map((p) => {
      const line = document.createElement("div");
      line.className = "problem";
      line.textContent = `${p.file}${p.line ? `:${p.line}` : ""}: ${p.message}`;
      return line;
    }));
}

const search = createSearch({
  input: $("#search-input"),
  results: $("#search-results"),
  status: $("#search-status"),
  list: sessionList,
  onOpen: (hit, query) =>
    open(hit.session_id || `${hit.report}/overview`, { query, anchor: hit.anchor }),
  onClear: () => currentId && open(currentId),
  scope: () => (searchScope.value === "current" ? currentReport : null),
});
searchScope.addEventListener("change", () => search.rerun());

function toggleHelp(show = help.hidden) {
  help.hidden = !show;
  if (show) helpClose.focus();
}
$("#help-button").addEventListener("click", () => toggleHelp(true));
const about = createAbout({ dialog: $("#about"), button: $("#about-button") });
const folders = createFolders({
  dialog: $("#folders"),
  button: $("#folders-button"),
  onError: showError,
});
helpClose.addEventListener("click", () => toggleHelp(false));

document.addEventListener("keydown", (event) => {
  // Wherever focus went (a drag on the image leaves it on the page), the viewer's keys work.
  if (lightbox.isOpen()) {
    lightbox.handleKey(event);
    return;
  }
  for (const dialog of [folders, about]) {
    if (dialog.isOpen()) {
      if (event.key === "Escape") { event.preventDefault(); dialog.close(); }
      return;
    }
  }
  if (!help.hidden) {
    if (event.key === "Escape" || event.key === "?") { event.preventDefault(); toggleHelp(false); }
    return;
  }
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
    event.preventDefault();
    search.focus();
    return;
  }
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "p") {
    // The system's print dialog, with the print stylesheet: the page alone.
    event.preventDefault();
    window.print();
    return;
  }
  if ((event.ctrlKey || event.metaKey) && !event.altKey) {
    const direction = { "+": 1, "=": 1, ";": 1, "-": -1, "_": -1, 0: 0 }[event.key];
    if (direction !== undefined) {
      event.preventDefault();
      changeFontScale(direction);
      return;
    }
  }
  if (typingInField(event) || event.ctrlKey || event.metaKey || event.altKey) return;
  const actions = {
    "/": () => search.focus(),
    "]": () => step(1),
    j: () => step(1),
    "[": () => step(-1),
    k: () => step(-1),
    s: () => sidebar.focusCurrent(),
    "?": () => toggleHelp(true),
    Escape: () => search.query() && search.clear(),
  };
  const action = actions[event.key];
  if (action) {
    event.preventDefault();
    action();
  }
});

const language = $("#language");
let shownLibrary = null;

// The interface's language: chosen here, remembered; the page and the lists are worded
// again at once, the page kept where the reader was.
language.addEventListener("change", async () => {
  setLocale(await api.setLocale(language.value));
  if (shownLibrary) showLibrary(shownLibrary);
  if (currentId) await open(currentId, { query: currentQuery, keepScroll: true });
  search.rerun();
});

/** Lists `library` in the sidebar, with its categories to filter by and its problems. */
function showLibrary(library) {
  shownLibrary = library;
  const categories = categoriesOf(library);
  const chosen = categoryFilter.value;
  categoryFilter.replaceChildren(
    new Option(t("sidebar.categories.all"), ""),
    ...categories.map(([name, count]) => new Option(`${name} (${count})`, name)));
  categoryFilter.value = categories.some(([name]) => name === chosen) ? chosen : "";
  categoryFilter.hidden = !categories.length || library.reports.length < 2;
  searchScope.hidden = library.reports.length < 2;
  if (searchScope.hidden) searchScope.value = "all";
  sidebar.setCategory(categoryFilter.value);
  sidebar.render(library);
  showProblems(library.problems);
}
categoryFilter.addEventListener("change", () => sidebar.setCategory(categoryFilter.value));

/** Shows the library as it is now, after a report was saved, added or removed: the sidebar
 * anew, the open page as its file now says (where the reader was), or the first page if it
 * is gone. When no page was open yet (the library was still being read), the page a start
 * opens. Search results follow the index, which tells when it is up to date. */
async function showChangedLibrary() {
  const library = await api.library();
  showLibrary(library);
  const ids = sidebar.pageIds();
  if (currentId && ids.includes(currentId)) {
    await open(currentId, { query: currentQuery, keepScroll: true });
  } else if (!currentId) {
    const first = await api.initialPage();
    await goTo(first);
    if (!first.page) showNoReports();
  } else if (ids.length) {
    await open(ids[0]);
  }
  search.rerun();
}

/** Says why no page is shown: the reports are still being read, or there are none. */
function showNoReports(reading = false) {
  const key = reading ? "page.reading_reports" : "page.no_reports";
  view.title.textContent = t(key);
  view.content.textContent = t(`${key}_text`);
  document.body.dataset.ready = "true";
}

async function start() {
  // Both requests at once: the first page waits on one round trip, not three.
  // Results typed while the index was being prepared (or rebuilt) appear once it is ready.
  const watching = api.watchSearchStatus((status) => {
    document.body.dataset.searchState = status.state;
    search.rerun();
  });
  // The library's changes: the first message is the version shown at start.
  let shownVersion = null;
  let checkOnFocus = false;
  let readingReports = false;
  const watchingLibrary = api.watchLibrary(({ version, watching, reading }) => {
    checkOnFocus = !watching;
    readingReports = reading;
    // Told after the start showed its empty page: say why it is empty.
    if (reading && !currentId && document.body.dataset.ready === "true") showNoReports(true);
    if (shownVersion !== null && version !== shownVersion) {
      showChangedLibrary().catch((error) => showError(t("problems.changed", { error })));
    }
    shownVersion = version;
  });
  // A link opened while the window runs (a second start handed it over).
  const watchingLinks = api.watchLinks(async () => {
    const destination = await api.followLink();
    if (destination) await goTo(destination);
  });
  // Where the folder cannot be watched, changes are looked for when the window comes back.
  window.addEventListener("focus", () => { if (checkOnFocus) api.checkLibrary(); });
  const [library, first, reading] = await Promise.all([
    api.library(), api.initialPage(), api.readingState(),
  ]);
  positions = reading.positions;
  applyFontScale(reading.font_scale);
  setLocale(reading.locale);
  language.value = reading.locale_choice;
  showLibrary(library);
  await goTo(first);
  if (!first.page) showNoReports(readingReports);
  await Promise.all([watching, watchingLibrary, watchingLinks]);
}

start().catch((error) => showError(t("problems.start", { error })));
