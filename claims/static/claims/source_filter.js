// The review page's Source filter as a type-ahead. A project may use hundreds of sources, too
// many to scroll through in a select. A text box in front of the (hidden) select narrows them
// as one types, by name, kind or alias; the pick goes into the select, which the form submits
// as before. combobox.js's SourcePicker does not fit: it searches every source through the API
// and offers to create one, which a filter must not.

// Lower case without accents, so "urumqi" finds "Ürümqi".
function folded(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

function queryWords(query) {
  return folded(query).split(/\s+/).filter(Boolean);
}

// The select's options, with the aliases the server put on them (data-aliases, a JSON list).
function sourceChoices(select) {
  return [...select.options].map((option) => {
    const aliases = JSON.parse(option.dataset.aliases ?? "[]");
    const words = folded([option.text, ...aliases].join("\n"));
    return { value: option.value, label: option.text, aliases, words };
  });
}

// The choices holding every word typed, those whose name starts with the query first.
function matching(choices, query) {
  const words = queryWords(query);
  const found = choices.filter((choice) => words.every((word) => choice.words.includes(word)));
  const start = words.join(" ");
  const leading = (choice) => folded(choice.label).startsWith(start);
  return [...found.filter(leading), ...found.filter((choice) => !leading(choice))];
}

// The aliases that made a choice match when its name alone does not, to show why it is listed.
function matchedAliases(choice, query) {
  const words = queryWords(query);
  const label = folded(choice.label);
  if (words.every((word) => label.includes(word))) return [];
  return choice.aliases.filter((alias) => words.some((word) => folded(alias).includes(word)));
}

export class SourceFilter {
  constructor(select) {
    this.select = select;
    this.choices = sourceChoices(select);
    this.shown = [];
    this.active = -1;
    this.list = Object.assign(document.createElement("ul"), { id: `${select.id}-matches`, hidden: true });
    this.list.className = "source-matches";
    this.list.setAttribute("role", "listbox");
    this.input = Object.assign(document.createElement("input"), {
      type: "text",
      className: "source-search",
      autocomplete: "off",
      placeholder: this.choices.find((choice) => choice.value === "")?.label ?? "",
      value: this.chosenLabel(),
    });
    const aria = { role: "combobox", "aria-label": "Source", "aria-autocomplete": "list", "aria-expanded": "false" };
    for (const [name, value] of Object.entries({ ...aria, "aria-controls": this.list.id })) {
      this.input.setAttribute(name, value);
    }
    this.input.addEventListener("input", () => this.open(this.input.value));
    this.input.addEventListener("click", () => {
      if (this.list.hidden) this.open("");
    });
    this.input.addEventListener("blur", () => this.commit());
    this.input.addEventListener("keydown", (event) => this.onKey(event));
    // mousedown, not click: the input keeps the focus, so its blur does not commit first
    this.list.addEventListener("mousedown", (event) => {
      event.preventDefault();
      const item = event.target.closest("li[data-index]");
      if (item) this.pick(this.shown[Number(item.dataset.index)]);
    });
    select.hidden = true;
    select.after(this.input, this.list);
  }

  chosenLabel() {
    return this.select.value ? this.select.selectedOptions[0].text : "";
  }

  // Shows the choices matching query; an empty query lists them all, from the chosen one on.
  open(query) {
    if (query.trim()) {
      this.shown = matching(this.choices, query);
      this.active = this.shown.length ? 0 : -1;
    } else {
      this.shown = this.choices;
      this.active = this.shown.findIndex((choice) => choice.value === this.select.value);
    }
    const items = this.shown.map((choice, index) => this.optionItem(choice, index, query));
    this.list.replaceChildren(...(items.length ? items : [this.noMatch()]));
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.markActive();
  }

  optionItem(choice, index, query) {
    const item = Object.assign(document.createElement("li"), { id: `${this.list.id}-${index}` });
    item.textContent = choice.label;
    item.setAttribute("role", "option");
    item.dataset.index = String(index);
    const aliases = matchedAliases(choice, query);
    if (aliases.length) {
      const also = Object.assign(document.createElement("span"), { className: "muted" });
      also.textContent = ` also ${aliases.join(", ")}`;
      item.append(also);
    }
    return item;
  }

  noMatch() {
    const item = Object.assign(document.createElement("li"), { className: "no-match" });
    item.textContent = "No source in use matches";
    item.setAttribute("role", "option");
    item.setAttribute("aria-disabled", "true");
    return item;
  }

  markActive() {
    [...this.list.children].forEach((item, index) => item.setAttribute("aria-selected", String(index === this.active)));
    if (this.active < 0) {
      this.input.removeAttribute("aria-activedescendant");
      return;
    }
    this.input.setAttribute("aria-activedescendant", `${this.list.id}-${this.active}`);
    this.list.children[this.active].scrollIntoView({ block: "nearest" });
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  }

  pick(choice) {
    this.select.value = choice.value;
    this.restore();
  }

  restore() {
    this.input.value = this.chosenLabel();
    this.close();
  }

  // Leaving the box keeps what it says: nothing is any source, a typed query its best match
  // (so typing "pol" and clicking Filter filters by Police), anything else the previous pick.
  commit() {
    if (!this.input.value.trim()) this.pick({ value: "" });
    else if (!this.list.hidden && this.active >= 0 && this.input.value !== this.chosenLabel()) {
      this.pick(this.shown[this.active]);
    } else this.restore();
  }

  onKey(event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (this.list.hidden) this.open(this.input.value === this.chosenLabel() ? "" : this.input.value);
      else this.step(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter" && !this.list.hidden && this.active >= 0) {
      event.preventDefault(); // picks; with the list closed, Enter submits the filters
      this.pick(this.shown[this.active]);
    } else if (event.key === "Escape" && !this.list.hidden) {
      event.preventDefault();
      this.restore();
    }
  }

  step(by) {
    if (!this.shown.length) return;
    this.active = (this.active + by + this.shown.length) % this.shown.length;
    this.markActive();
  }
}
