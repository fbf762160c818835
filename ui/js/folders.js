// The report folders the window reads: listed, added with the system's folder dialog,
// removed. The page never names a folder to read; the app asks the reader with its dialog.

import * as api from "./api.js";
import { el } from "./dom.js";

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
    note.textContent = editable
      ? "Folders are read with every Markdown file below them, and remembered."
      : "These folders were chosen with --content for this run.";
    list.replaceChildren(...folders.map((folder) =>
      el("li", { class: "folder" },
        el("span", { class: "folder-path", text: folder.path, title: folder.path }),
        el("span", {
          class: "folder-count",
          text: folder.bundled ? "bundled" : `${folder.reports} report${folder.reports === 1 ? "" : "s"}`,
        }),
        editable && !folder.bundled
          ? el("button", {
            type: "button",
            class: "folder-remove",
            "aria-label": `Remove ${folder.path}`,
            text: "Remove",
            onclick: () => act(() => api.removeFolder(folder.path)),
          })
          : null)));
  }

  async function act(action) {
    try {
      await action();
    } catch (error) {
      onError(`Cannot change the folders: ${error}`);
    }
    await refresh();
  }

  function show(open) {
    dialog.hidden = !open;
    if (open) {
      refresh().catch((error) => onError(`Cannot list the folders: ${error}`));
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
