// The verifier's document viewer: pages are images drawn on the server (nothing in a file runs here). Zoom and
// rotate set a CSS transform from script, which the Content-Security-Policy allows, unlike style attributes in the
// markup. One document at a time: opening one empties the viewer of any other, so the page never holds (or keeps
// fetching) several documents at once.
(() => {
  const STEP = 0.25;
  const MIN = 0.25;
  const MAX = 5;

  function apply(viewer) {
    const scale = Number(viewer.dataset.scale || 1);
    const rotation = Number(viewer.dataset.rotation || 0);
    viewer.querySelectorAll(".doc-image").forEach((image) => {
      image.style.transform = `scale(${scale}) rotate(${rotation}deg)`;
    });
  }

  function act(viewer, action) {
    let scale = Number(viewer.dataset.scale || 1);
    let rotation = Number(viewer.dataset.rotation || 0);
    if (action === "zoom-in") scale = Math.min(MAX, scale + STEP);
    else if (action === "zoom-out") scale = Math.max(MIN, scale - STEP);
    else if (action === "rotate") rotation = (rotation + 90) % 360;
    else if (action === "reset") {
      scale = 1;
      rotation = 0;
    }
    viewer.dataset.scale = String(scale);
    viewer.dataset.rotation = String(rotation);
    apply(viewer);
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-viewer-action]");
    if (!button) return;
    const viewer = button.closest("[data-viewer]");
    if (viewer) act(viewer, button.dataset.viewerAction);
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    const slot = event.detail.target;
    if (!slot || !slot.matches("[data-viewer-slot]")) return;
    document.querySelectorAll("[data-viewer-slot]").forEach((other) => {
      if (other !== slot) other.replaceChildren();
    });
  });

  // Next / previous document with N and P (issue 14 §7), unless the verifier is typing in a form field. The links
  // themselves work without script; this only follows them.
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    const selector = { n: "[data-document-next]", p: "[data-document-previous]" }[event.key.toLowerCase()];
    const link = selector && document.querySelector(selector);
    if (!link) return;
    event.preventDefault();
    link.click();
  });

  // After htmx swaps in another document, move the focus to its panel so keyboard and screen-reader users follow.
  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target && event.detail.target.id === "documents") {
      const panel = document.getElementById("document-panel");
      if (panel) panel.focus({ preventScroll: false });
    }
  });
})();
