// The ticket page: a canned answer chosen in the picker is inserted into the reply box at the cursor.
// (A static file: the CSP allows no inline script.)
document.addEventListener("change", (event) => {
  const select = event.target.closest("[data-canned-select]");
  if (!select) return;
  const option = select.selectedOptions[0];
  const box = select.form && select.form.querySelector("[data-canned-target]");
  if (!option || !option.value || !box) return;
  const text = option.dataset.body || "";
  const start = box.selectionStart ?? box.value.length;
  const end = box.selectionEnd ?? box.value.length;
  box.value = box.value.slice(0, start) + text + box.value.slice(end);
  box.focus();
  box.selectionStart = box.selectionEnd = start + text.length;
  select.value = "";
});
