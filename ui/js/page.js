// The main pane: one page (a report's overview or a session) with its contents and images.

import { el, $$ } from "./dom.js";
import { t } from "./i18n.js";

/**
 * Shows `page` in the elements of `view`. `anchor` scrolls to a section; without it the
 * first search mark, or the top. `onOpen(id)` follows the previous/next buttons and
 * `onImage(images, index)` opens the image viewer.
 */
export function showPage(view, page, { anchor, onOpen, onImage }) {
  view.report.textContent = [page.report_title, page.report_date].filter(Boolean).join(" · ");
  view.title.textContent = page.kind === "overview" ? t("page.overview") : page.title;
  view.title.dataset.page = page.id;
  // Sanitized by the core (allow-list); the only markup assigned anywhere.
  view.byline.innerHTML = page.byline_html;
  view.byline.hidden = !page.byline_html;
  view.content.innerHTML = page.html;
  relabelPlaceholders(view.content);

  for (const image of $$("[data-image-index]", view.content)) {
    // The index says which of the page's images this is; one that names none (a report's
    // own raw HTML can carry the attribute) is left as a plain picture.
    const index = imageIndex(image.dataset.imageIndex, page.images.length);
    if (index === null) continue;
    image.classList.add("zoomable");
    image.tabIndex = 0;
    const open = () => onImage(page.images, index);
    image.addEventListener("click", open);
    image.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(); }
    });
  }
  for (const link of $$("a[href]", view.content).concat($$("a[href]", view.byline))) {
    wireLink(view, link);
  }

  renderToc(view, page);
  renderImages(view, page, onImage);
  view.body.classList.toggle("no-side", view.toc.hidden && view.images.hidden);
  renderPager(view.previous, page.previous, "←", onOpen);
  renderPager(view.next, page.next, "→", onOpen);

  if (!(anchor && scrollToAnchor(view, anchor))) {
    const mark = view.content.querySelector("mark");
    if (mark) mark.scrollIntoView({ block: "center" });
    else view.main.scrollTop = 0;
  }
}

/** Web and mail links go to the system's browser or mail client (the window's navigation
 * handler sends them there); in-page links scroll; any other link (a relative link into the
 * blog the report came from) leads nowhere in this app, so it is shown but not followed. */
function wireLink(view, link) {
  const href = link.getAttribute("href");
  if (href.startsWith("#")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      scrollToAnchor(view, decodeFragment(href.slice(1)));
    });
  } else if (!/^(https?|mailto):/i.test(href)) {
    link.classList.add("inert-link");
    link.title = `${href} (a page of the original site, not part of this report)`;
    link.addEventListener("click", (event) => event.preventDefault());
  }
}

/** A position among `count` images, or null for anything else ("x", "-1", "1e3", "7" of 2). */
export function imageIndex(value, count) {
  if (!/^\d{1,9}$/.test(value ?? "")) return null;
  const index = Number(value);
  return index < count ? index : null;
}

/** The anchor a fragment names; a malformed escape (`%E0%A4%A`) is taken as written. */
export function decodeFragment(fragment) {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

function scrollToAnchor(view, anchor) {
  const target = view.content.querySelector(`#${CSS.escape(anchor)}`);
  if (!target) return false;
  target.scrollIntoView({ block: "start" });
  return true;
}

function renderToc(view, page) {
  view.toc.replaceChildren();
  if (!page.toc.length) { view.toc.hidden = true; return; }
  view.toc.hidden = false;
  view.toc.append(
    el("h2", { class: "side-title", text: t("page.toc") }),
    el("ol", {}, page.toc.map((heading) =>
      el("li", { class: `toc-level-${heading.level}` },
        el("a", {
          href: `#${heading.anchor}`,
          text: heading.text,
          onclick: (event) => { event.preventDefault(); scrollToAnchor(view, heading.anchor); },
        })))));
}

function renderImages(view, page, onImage) {
  view.images.replaceChildren();
  if (!page.images.length) { view.images.hidden = true; return; }
  view.images.hidden = false;
  view.images.append(
    el("h2", { class: "side-title", text: t("page.images", { count: page.images.length }) }),
    el("ul", { class: "image-list" }, page.images.map((image) =>
      el("li", {}, imageCard(image, () => onImage(page.images, image.index))))));
}

/** A card for the image panel: a thumbnail, or a placeholder saying what is missing. */
export function imageCard(image, onClick) {
  if (image.available) {
    return el("button", { type: "button", class: "image-card", onclick: onClick, title: image.alt },
      el("img", { src: image.url, alt: image.alt, loading: "lazy", draggable: "false" }),
      el("span", { class: "image-caption", text: image.alt || image.src }));
  }
  return el("button", { type: "button", class: "image-card missing", onclick: onClick },
    placeholder(image));
}

/** Why an image is missing, in the reader's language (`fallback`: the core's English). */
function missingLabel(reason, fallback) {
  const key = `image.missing.${reason}`;
  const label = t(key);
  return label === key ? fallback : label;
}

/** Puts the placeholders the core rendered into the page in the reader's language. */
function relabelPlaceholders(content) {
  for (const card of $$(".image-missing[data-missing]", content)) {
    const label = card.querySelector(".image-missing-label");
    if (!label) continue;
    label.textContent = missingLabel(card.dataset.missing, label.textContent);
    const alt = card.querySelector(".image-missing-alt")?.textContent || "";
    card.setAttribute("aria-label", `${label.textContent}: ${alt}`);
  }
}

/** The placeholder of a missing image: never a broken-image icon. */
export function placeholder(image) {
  const label = missingLabel(image.missing, image.missing_label);
  return el("span", { class: "image-placeholder", role: "img", "aria-label": `${label}: ${image.alt}` },
    el("span", { class: "placeholder-icon", "aria-hidden": "true", text: "▨" }),
    el("span", { class: "placeholder-label", text: label }),
    image.alt ? el("span", { class: "placeholder-alt", text: image.alt }) : null,
    el("code", { class: "placeholder-path", text: image.src }));
}

function renderPager(button, link, arrow, onOpen) {
  button.hidden = !link;
  if (!link) return;
  button.replaceChildren(
    el("span", { class: "pager-arrow", text: arrow }),
    el("span", { class: "pager-title", text: link.title }));
  button.onclick = () => onOpen(link.id);
}
