// Keyboard shortcuts: pages register keys with a description; "?" lists them all.
const bindings = [];
const help = document.getElementById("help");

export function bindKeys(list) {
  for (const binding of list) bindings.push(binding);
  renderHelp();
}

function renderHelp() {
  const keys = document.getElementById("help-keys");
  if (!keys) return;
  keys.replaceChildren();
  for (const { label, description } of [...bindings, { label: "?", description: "Show this list" }]) {
    const term = document.createElement("dt");
    for (const part of label.split(" ")) {
      const kbd = document.createElement("kbd");
      kbd.textContent = part;
      term.append(kbd, " ");
    }
    const detail = document.createElement("dd");
    detail.textContent = description;
    keys.append(term, detail);
  }
}

// Keys typed into a text box are text; a focused checkbox or button takes shortcuts.
function typingInField(event) {
  const target = event.target;
  const textInput = 'input:not([type="checkbox"], [type="radio"], [type="button"], [type="submit"], [type="reset"])';
  return target instanceof HTMLElement && (target.isContentEditable || target.matches(`${textInput}, textarea, select`));
}

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || help?.open) return;
  if (event.key === "?" && !typingInField(event)) {
    event.preventDefault();
    help?.showModal();
    return;
  }
  for (const binding of bindings) {
    if (!binding.matches(event)) continue;
    if (typingInField(event) && !binding.inFields) continue;
    event.preventDefault();
    binding.run(event);
    return;
  }
});

document.querySelector("[data-help-open]")?.addEventListener("click", () => help?.showModal());
renderHelp();
