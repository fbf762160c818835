// The image viewer: zoom with the wheel or + and −, pan by dragging, Esc to close.

import { el } from "./dom.js";
import { placeholder } from "./page.js";

const MIN_SCALE = 0.25;
const MAX_SCALE = 8;

export function createLightbox(root) {
  const stage = root.querySelector(".lightbox-stage");
  const caption = root.querySelector(".lightbox-caption");
  let images = [];
  let index = 0;
  let view = { scale: 1, x: 0, y: 0 };
  let drag = null;
  let returnFocus = null;

  const picture = () => stage.querySelector("img");
  const apply = () => {
    const img = picture();
    if (img) img.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.scale})`;
    root.dataset.scale = view.scale.toFixed(2);
  };
  const zoom = (factor, cx = 0, cy = 0) => {
    const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
    const ratio = scale / view.scale;
    // Keep the point under the cursor where it is.
    view = { scale, x: cx - (cx - view.x) * ratio, y: cy - (cy - view.y) * ratio };
    apply();
  };
  const reset = () => { view = { scale: 1, x: 0, y: 0 }; apply(); };

  function show(at) {
    index = (at + images.length) % images.length;
    const image = images[index];
    reset();
    caption.textContent = `${image.alt || image.src}  (${index + 1}/${images.length})`;
    stage.replaceChildren(image.available
      ? el("img", { src: image.url, alt: image.alt, draggable: "false" })
      : el("div", { class: "lightbox-missing" }, placeholder(image)));
    apply();
  }

  function open(list, at) {
    // Nothing to show: no viewer rather than an empty one.
    if (!Number.isInteger(at) || at < 0 || at >= list.length) return;
    images = list;
    returnFocus = document.activeElement;
    root.hidden = false;
    show(at);
    root.querySelector('[data-action="close"]').focus();
  }

  function close() {
    root.hidden = true;
    stage.replaceChildren();
    returnFocus?.focus?.();
  }

  const center = (event) => {
    const box = stage.getBoundingClientRect();
    return [event.clientX - box.left - box.width / 2, event.clientY - box.top - box.height / 2];
  };

  stage.addEventListener("wheel", (event) => {
    event.preventDefault();
    zoom(event.deltaY < 0 ? 1.15 : 1 / 1.15, ...center(event));
  }, { passive: false });
  stage.addEventListener("pointerdown", (event) => {
    if (!picture()) return;
    drag = { x: event.clientX - view.x, y: event.clientY - view.y };
    stage.setPointerCapture(event.pointerId);
    stage.classList.add("dragging");
  });
  stage.addEventListener("pointermove", (event) => {
    if (!drag) return;
    view.x = event.clientX - drag.x;
    view.y = event.clientY - drag.y;
    apply();
  });
  const endDrag = () => { drag = null; stage.classList.remove("dragging"); };
  stage.addEventListener("pointerup", endDrag);
  stage.addEventListener("pointercancel", endDrag);
  stage.addEventListener("dblclick", (event) =>
    view.scale === 1 ? zoom(2, ...center(event)) : reset());
  // A click on the dark backdrop (not on the image) closes.
  stage.addEventListener("click", (event) => { if (event.target === stage && view.scale === 1) close(); });

  root.querySelector(".lightbox-toolbar").addEventListener("click", (event) => {
    const action = event.target.closest("button")?.dataset.action;
    if (action === "zoom-in") zoom(1.25);
    else if (action === "zoom-out") zoom(1 / 1.25);
    else if (action === "reset") reset();
    else if (action === "close") close();
  });

  /** The viewer's keys; the page hands every key to this while the viewer is open. */
  function handleKey(event) {
    if (event.key === "Tab") {
      // Focus stays in the dialog: it cycles through the toolbar's buttons.
      const buttons = [...root.querySelectorAll("button")];
      const at = buttons.indexOf(document.activeElement);
      const next = event.shiftKey ? (at <= 0 ? buttons.length - 1 : at - 1) : (at + 1) % buttons.length;
      event.preventDefault();
      buttons[next].focus();
      return;
    }
    const actions = {
      Escape: close,
      "+": () => zoom(1.25),
      "=": () => zoom(1.25),
      "-": () => zoom(1 / 1.25),
      "0": reset,
      ArrowLeft: () => show(index - 1),
      ArrowRight: () => show(index + 1),
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      event.stopPropagation();
      action();
    }
  }

  return { open, close, handleKey, isOpen: () => !root.hidden };
}
