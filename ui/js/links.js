// Links into the app: "copy link" on the page and its headings, and what the window says
// about a link it was given (a link from a browser, another app or `report-viewer open`).

import { el, $$ } from "./dom.js";
import { t } from "./i18n.js";

/**
 * A notice above the page: `show(text, { lasting })` says `text`, for a few seconds or,
 * when `lasting`, until the reader dismisses it.
 */
export function createNotice(element) {
  const text = element.querySelector(".notice-text");
  const close = element.querySelector(".notice-close");
  let timer = 0;
  const hide = () => { element.hidden = true; clearTimeout(timer); };
  close.addEventListener("click", hide);
  return {
    show(message, { lasting = false } = {}) {
      clearTimeout(timer);
      text.textContent = message;
      element.hidden = false;
      element.setAttribute("role", lasting ? "alert" : "status");
      if (!lasting) timer = setTimeout(hide, 4000);
    },
    hide,
  };
}

/** The words for a link that led nowhere, or not all the way (a problem the core names). */
export function linkProblemText(problem) {
  return t(`link.problem.${problem.kind}`, { link: problem.link, detail: problem.detail });
}

/** The link to the place `anchor` on the page whose link is `pageLink`. */
export function placeLink(pageLink, anchor) {
  return anchor ? `${pageLink}#${encodeURIComponent(anchor)}` : pageLink;
}

/**
 * Puts a "copy link" button on the page header, on each heading of `page` in `content`, and
 * on each place of its outline (after the item's own text, before its items).
 * `onCopied(link, copied)` says whether it went to the clipboard.
 */
export function addCopyButtons(header, content, page, onCopied) {
  for (const old of $$(".copy-link", header)) old.remove();
  header.append(copyButton(page.link, "link.copy_page", onCopied));
  for (const heading of page.toc) {
    const target = content.querySelector(`#${CSS.escape(heading.anchor)}`);
    if (target) target.append(copyButton(placeLink(page.link, heading.anchor), "link.copy", onCopied));
  }
  for (const place of page.places) {
    const item = content.querySelector(`li#${CSS.escape(place.anchor)}`);
    if (!item) continue;
    const button = copyButton(placeLink(page.link, place.anchor), "link.copy", onCopied);
    const items = item.querySelector(":scope > ul, :scope > ol");
    const text = item.querySelector(":scope > p");
    if (text && (!items || text.compareDocumentPosition(items) & Node.DOCUMENT_POSITION_FOLLOWING)) {
      text.append(button);
    } else {
      item.insertBefore(button, items);
    }
  }
}

function copyButton(link, labelKey, onCopied) {
  // No text of its own (the mark is drawn by CSS): a heading's text stays its own.
  return el("button", {
    type: "button",
    class: "copy-link",
    title: t(labelKey),
    "aria-label": t(labelKey),
    dataset: { link },
    onclick: async (event) => {
      event.preventDefault();
      event.stopPropagation();
      onCopied(link, await copyText(link));
    },
  });
}

/** Puts `text` on the clipboard: the Clipboard API, else the older copy command. */
async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = el("textarea", { class: "copy-buffer", readonly: true, "aria-hidden": "true" });
    area.value = text;
    document.body.append(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch {
      copied = false;
    }
    area.remove();
    return copied;
  }
}
