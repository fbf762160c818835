// The report folders the window reads: listed, added with the system's folder dialog,
// removed. The page never names a folder to read; the app asks the reader with its dialog.

import * as api from "./api.js";
import { el } from "./dom.js";
import { plural, t } from "./i18n.js";

/** Wires the folders dialog `dialog` (opened by `button`); `onError(message)` shows what
 * went wrong. */
export function createFolders({ dialog, button, onError }) {
  const list = dialog.querySelector(".folder-list");
  const add = dialog.querySelector("#folders-add");
  const close = dialog.querySelector("#folders-close");
  const note = dialog.querySelector(".folders-note");

  async function refresh() {
    const { folders, editable } = await api.folders();
    add.hidden = !editable;
    note.textContent = t(editable ? "folders.note.editable" : "folders.note.fixed");
    list.replaceChildren(...folders.map((folder) =>
      el("li", { class: "folder" },
        el("span", { class: "folder-path", text: folder.path, title: folder.path }),
        el("span", {
          class: "folder-count",
          text: folder.bundled ? t("folders.bundled") : plural("folders.reports", folder.reports),
        }),
        editable && !folder.bundled
          ? el("button", {
            type: "button",
            class: "folder-remove",
            "aria-label": t("folders.remove.label", { path: folder.path }),
            text: t("folders.remove"),
            onclick: () => act(() => api.removeFolder(folder.path)),
          })
          : null)));
  }

  async function act(action) {
    try {
      await action();
    } catch (error) {
      onError(t("folders.cannot_change", { error }));
    }
    await refresh();
  }

  function show(open) {
    dialog.hidden = !open;
    if (open) {
      refresh().catch((error) => onError(t("folders.cannot_list", { error })));
      close.focus();
    } else {
      button.focus();
    }
  }

  button.addEventListener("click", () => show(true));
  close.addEventListener("click", () => show(false));
  add.addEventListener("click", () => act(() => api.addFolders()));
  return {
    isOpen: () => !dialog.hidden,
    close: () => show(false),
  };
}
