// Sets up the ALTCHA widget (components/antibot.html) under our Content-Security-Policy. The widget is the "external"
// build, which injects no styles and starts no workers from blob: URLs; so its SHA-256 worker is registered here, from
// our own origin, and its texts (translated by Django, in the widget's data-strings attribute) are handed to it.
const altcha = globalThis.$altcha;
const setup = document.querySelector("script[data-altcha-worker]");
if (altcha && setup) {
  const workerUrl = setup.dataset.altchaWorker;
  altcha.algorithms.set("SHA-256", () => new Worker(workerUrl));
  for (const widget of document.querySelectorAll("altcha-widget[data-strings]")) {
    const language = widget.getAttribute("language") || document.documentElement.lang || "en";
    altcha.i18n.set(language, { ...altcha.i18n.get("en"), ...JSON.parse(widget.dataset.strings) });
  }
}
