// The About dialog: the app's version, and where its bundled content comes from with the
// licences' texts. All of it is shown as text.

import * as api from "./api.js";
import { el } from "./dom.js";
import { t } from "./i18n.js";

export function createAbout({ dialog, button }) {
  const close = dialog.querySelector("#about-close");
  let filled = false;

  async function fill() {
    const about = await api.about();
    dialog.querySelector("#about-version").textContent = t("about.version", { version: about.version });
    dialog.querySelector("#about-notices").textContent =
      about.notices || t("about.not_installed");
    dialog.querySelector("#about-licences").replaceChildren(...about.licences.map(([name, text]) =>
      el("details", { class: "about-licence" },
        el("summary", { text: name }),
        el("pre", { class: "about-text", text }))));
    filled = true;
  }

  function show(open) {
    dialog.hidden = !open;
    if (open) {
      if (!filled) fill().catch(() => {});
      close.focus();
    } else {
      button.focus();
    }
  }
  button.addEventListener("click", () => show(true));
  close.addEventListener("click", () => show(false));
  return { isOpen: () => !dialog.hidden, close: () => show(false) };
}
