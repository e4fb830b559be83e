// The file picker (issue 14 §6): every <span data-file-picker> holds the native file input and a button with a name
// field in the user's language. This script, loaded right after each picker, shows ours in place of the browser's
// and writes the chosen file's name; it sets itself up once, whatever the number of pickers on the page.
(() => {
  if (window.sopanFilePicker) {
    window.sopanFilePicker.enhance(document);
    return;
  }

  function show(input) {
    const picker = input.closest("[data-file-picker]");
    const name = picker && picker.querySelector("[data-file-name]");
    if (!name) return;
    const files = Array.from(input.files || []);
    if (files.length === 0) name.textContent = name.dataset.none;
    else if (files.length === 1) name.textContent = files[0].name;
    else name.textContent = `${files.length} ${name.dataset.many}`;
    name.title = files.map((file) => file.name).join(", ");
  }

  function enhance(root) {
    root.querySelectorAll("[data-file-picker]:not(.is-enhanced)").forEach((picker) => {
      picker.classList.add("is-enhanced");
      const input = picker.querySelector("input[type=file]");
      if (input) show(input);
    });
  }

  document.addEventListener("change", (event) => {
    if (event.target.matches && event.target.matches("[data-file-picker] input[type=file]")) show(event.target);
  });
  // A form reset empties the inputs: the names follow.
  document.addEventListener("reset", (event) => {
    setTimeout(() => event.target.querySelectorAll("[data-file-picker] input[type=file]").forEach(show));
  });
  // Pickers that htmx swaps in (an upload row answered with its errors) are set up too.
  document.addEventListener("htmx:load", (event) => enhance(event.target));

  window.sopanFilePicker = { enhance };
  enhance(document);
})();
