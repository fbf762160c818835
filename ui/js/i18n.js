// The window's words, in the reader's language: English or Japanese, following the system
// unless the reader chose one. Each language is one file in `ui/locales/` with the same keys.

import en from "../locales/en.js";
import ja from "../locales/ja.js";

const TABLES = { en, ja };
let table = en;
let current = "en";

/** Switches to `code` ("en" or "ja") and relabels the page's fixed text. The document's
 * own `lang` stays Japanese, so Japanese report text keeps Japanese glyphs whatever the
 * interface's language. */
export function setLocale(code) {
  current = TABLES[code] ? code : "en";
  table = TABLES[current];
  document.body.dataset.locale = current;
  relabel(document);
}

/** The interface's language now. */
export const locale = () => current;

/** The words of `key`, with `{name}` replaced by `params.name`. */
export function t(key, params = {}) {
  let text = table[key] ?? en[key] ?? key;
  for (const [name, value] of Object.entries(params)) {
    text = text.replaceAll(`{${name}}`, String(value));
  }
  return text;
}

/** `key.one` or `key.other` for `count`, with `{count}` filled in. */
export function plural(key, count) {
  return t(`${key}.${count === 1 ? "one" : "other"}`, { count: count.toLocaleString(current) });
}

/** Sets the text and attributes marked `data-i18n*` below `root` in the current language. */
export function relabel(root) {
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const [attribute, data] of [["placeholder", "i18nPlaceholder"], ["title", "i18nTitle"], ["aria-label", "i18nLabel"]]) {
    for (const node of root.querySelectorAll(`[data-${data.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`)) {
      node.setAttribute(attribute, t(node.dataset[data]));
    }
  }
}
