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
})();
