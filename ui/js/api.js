// The app's commands. Everything the page knows comes through here.

const tauri = window.__TAURI__;

export const library = () => tauri.core.invoke("library");
export const page = (id, query) => tauri.core.invoke("page", { id, query: query || null });
/** Where to start: `{ page, anchor, problem }`, from the link the app was started with, or
 * the page last read. */
export const initialPage = () => tauri.core.invoke("initial_page");
/** Where the link handed over last leads (`{ page, anchor, problem }`), or null. */
export const followLink = () => tauri.core.invoke("follow_link");
export const rememberPage = (id) => tauri.core.invoke("remember_page", { id });
/** The reading text's size (percent) and where each page was left. */
export const readingState = () => tauri.core.invoke("reading_state");
export const setFontScale = (scale) => tauri.core.invoke("set_font_scale", { scale });
/** Remembers the interface's language ("en", "ja" or "system"); resolves to the one to show. */
export const setLocale = (choice) => tauri.core.invoke("set_locale", { choice });
export const rememberPosition = (id, fraction) =>
  tauri.core.invoke("remember_position", { id, fraction });
/** Searches every report, or only the report `report` (an id) when it is given. */
export const search = (query, limit, report) =>
  tauri.core.invoke("search", { query, limit, report: report || null });
export const frontendReady = () => tauri.core.invoke("frontend_ready");
export const checkLibrary = () => tauri.core.invoke("check_library");
export const folders = () => tauri.core.invoke("folders");
export const about = () => tauri.core.invoke("about");
/** Opens the system's folder dialog; resolves to whether folders were added. */
export const addFolders = () => tauri.core.invoke("add_folders");
export const removeFolder = (path) => tauri.core.invoke("remove_folder", { path });
/** Calls `handler` with the library's version (and whether its folder is watched) now and
 * at every change of the content folder. */
export function watchLibrary(handler) {
  const channel = new tauri.core.Channel();
  channel.onmessage = handler;
  return tauri.core.invoke("watch_library", { onChange: channel });
}
/** Calls `handler` with the search index's status now and at every change (a rebuild). */
export function watchSearchStatus(handler) {
  const channel = new tauri.core.Channel();
  channel.onmessage = handler;
  return tauri.core.invoke("watch_search_status", { onStatus: channel });
}
/** Calls `handler` each time a link is handed over by a second start of the app. */
export function watchLinks(handler) {
  const channel = new tauri.core.Channel();
  channel.onmessage = handler;
  return tauri.core.invoke("watch_links", { onLink: channel });
}
