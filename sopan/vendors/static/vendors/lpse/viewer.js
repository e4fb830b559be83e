// The verifier's document viewer: zoom and rotate images (a CSS transform set from script, which the
// Content-Security-Policy allows, unlike style attributes in the markup), and identity documents that are fetched
// only when the verifier asks for them (each fetch is logged on the server).
(() => {
  const STEP = 0.25;
  const MIN = 0.25;
  const MAX = 5;

  function apply(viewer) {
    const image = viewer.querySelector(".doc-image");
    if (!image) return;
    const scale = Number(viewer.dataset.scale || 1);
    const rotation = Number(viewer.dataset.rotation || 0);
    image.style.transform = `scale(${scale}) rotate(${rotation}deg)`;
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

  function reveal(viewer) {
    const frame = viewer.querySelector("[data-viewer-frame]");
    const veil = viewer.querySelector("[data-viewer-veil]");
    if (!frame) return;
    frame.querySelectorAll("[data-src]").forEach((element) => {
      element.setAttribute("src", element.dataset.src);
      element.removeAttribute("data-src");
    });
    frame.classList.remove("d-none");
    if (veil) veil.remove();
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-viewer-action], [data-viewer-reveal]");
    if (!button) return;
    const viewer = button.closest("[data-viewer]");
    if (!viewer) return;
    if (button.hasAttribute("data-viewer-reveal")) reveal(viewer);
    else act(viewer, button.dataset.viewerAction);
  });
})();
