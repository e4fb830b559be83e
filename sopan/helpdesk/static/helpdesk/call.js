// The Formulir Konsultasi, filled while talking (helpdesk/desk/intake.html). Everything here is a convenience: the
// form works by typing alone. Loaded from our origin (Content-Security-Policy: no inline scripts).
(() => {
  const FORM = "form[data-intake-form]";
  const FIELDS = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";

  function fields(form) {
    return Array.from(form.querySelectorAll(FIELDS)).filter((el) => el.offsetParent !== null || el === document.activeElement);
  }

  function focusNext(form, current) {
    const list = fields(form);
    const next = list[list.indexOf(current) + 1];
    if (next) next.focus();
  }

  document.addEventListener("keydown", (event) => {
    const form = event.target.closest && event.target.closest(FORM);
    if (!form || event.key !== "Enter" || event.isComposing) return;
    if (event.ctrlKey || event.metaKey) {
      // Ctrl+Enter: save from anywhere in the form.
      event.preventDefault();
      form.requestSubmit(form.querySelector("#intake-save"));
      return;
    }
    const target = event.target;
    if (target.tagName === "TEXTAREA" || target.tagName === "BUTTON" || target.tagName === "A") return;
    // Enter in a one-line field moves on, as Tab does, instead of saving a half-filled form.
    event.preventDefault();
    focusNext(form, target);
  });

  // A returning caller: "Use these details" copies the contact into the form and goes on to the problem.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-caller-fill]");
    if (!button) return;
    const form = document.querySelector(FORM);
    if (!form) return;
    const values = {
      name: button.dataset.name,
      phone: button.dataset.phone,
      email: button.dataset.email,
      institution: button.dataset.institution,
      user_type: button.dataset.userType,
    };
    for (const [name, value] of Object.entries(values)) {
      const field = form.elements.namedItem(name);
      if (field && value) field.value = value;
    }
    const subject = form.elements.namedItem("subject");
    if (subject) subject.focus();
  });

  document.addEventListener("change", (event) => {
    const form = event.target.closest && event.target.closest(FORM);
    if (!form) return;
    // A tender is affected: its code is needed next.
    if (event.target.name === "affects_tender" && event.target.checked) {
      const code = form.elements.namedItem("tender_code");
      if (code && !code.value) code.focus();
    }
    // Step 5 "Yes": write the solution.
    if (event.target.name === "outcome" && event.target.value === "answered") {
      const solution = form.elements.namedItem("solution");
      if (solution) solution.focus();
    }
  });
})();
