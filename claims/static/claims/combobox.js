// Type-ahead over the project's sources (names and aliases, best matches first). Enter picks
// the highlighted match; the last option creates a new source, with its kind, inline.
import { api, errorText } from "./api.js";

let counter = 0;

export class SourcePicker {
  constructor({ projectId, kinds, placeholder, onPick }) {
    this.projectId = projectId;
    this.onPick = onPick;
    this.options = [];
    this.active = 0;
    this.searching = Promise.resolve();
    this.sequence = 0;
    const id = `combo-${++counter}`;

    this.element = document.createElement("div");
    this.element.className = "combo";
    this.input = Object.assign(document.createElement("input"), { type: "text", placeholder, autocomplete: "off" });
    Object.entries({ role: "combobox", "aria-expanded": "false", "aria-controls": id, "aria-autocomplete": "list" })
      .forEach(([name, value]) => this.input.setAttribute(name, value));
    this.list = Object.assign(document.createElement("ul"), { id, hidden: true });
    this.list.setAttribute("role", "listbox");
    this.creator = this.buildCreator(kinds);
    this.element.append(this.input, this.list, this.creator);

    this.input.addEventListener("input", () => this.search());
    this.input.addEventListener("keydown", (event) => this.onKey(event));
    this.input.addEventListener("blur", () => setTimeout(() => this.close(), 150));
  }

  buildCreator(kinds) {
    const creator = document.createElement("div");
    creator.className = "combo-create";
    creator.hidden = true;
    this.kindSelect = document.createElement("select");
    this.kindSelect.setAttribute("aria-label", "Kind of the new source");
    for (const [value, label] of kinds) this.kindSelect.append(new Option(label, value));
    const create = Object.assign(document.createElement("button"), { type: "button", textContent: "Create source" });
    this.creatorNote = Object.assign(document.createElement("span"), { className: "muted" });
    create.addEventListener("click", () => this.create());
    this.kindSelect.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        event.stopPropagation();
        this.create();
      }
    });
    creator.append(this.creatorNote, this.kindSelect, create);
    return creator;
  }

  focus() {
    this.input.focus();
  }

  clear() {
    this.input.value = "";
    this.creator.hidden = true;
    this.close();
  }

  search() {
    const query = this.input.value.trim();
    const sequence = ++this.sequence;
    this.creator.hidden = true;
    if (!query) {
      this.close();
      return;
    }
    const params = new URLSearchParams({ project: this.projectId, q: query, page_size: "8" });
    this.searching = api(`/api/sources/?${params}`).then((result) => {
      if (sequence !== this.sequence || !result.ok) return;
      this.show([...result.data.results, { create: query }]);
    });
  }

  show(options) {
    this.options = options;
    this.active = 0;
    this.list.replaceChildren(
      ...options.map((option, index) => {
        const item = document.createElement("li");
        item.setAttribute("role", "option");
        item.id = `${this.list.id}-${index}`;
        if (option.create) {
          item.className = "create";
          item.textContent = `New source “${option.create}”…`;
        } else {
          const name = Object.assign(document.createElement("span"), { textContent: option.name });
          const detail = Object.assign(document.createElement("span"), { className: "muted" });
          detail.textContent = ` ${option.kind}${option.aliases.length ? ` · ${option.aliases.slice(0, 3).join(", ")}` : ""}`;
          item.append(name, detail);
        }
        item.addEventListener("mousedown", (event) => {
          event.preventDefault();
          this.pick(index);
        });
        return item;
      }),
    );
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.markActive();
  }

  markActive() {
    [...this.list.children].forEach((item, index) => item.setAttribute("aria-selected", String(index === this.active)));
    this.input.setAttribute("aria-activedescendant", `${this.list.id}-${this.active}`);
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
  }

  async onKey(event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (this.list.hidden) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      this.active = (this.active + step + this.options.length) % this.options.length;
      this.markActive();
    } else if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      event.stopPropagation();
      await this.searching; // Enter typed before the matches arrived picks the best of them
      if (this.options.length) this.pick(this.active);
    } else if (event.key === "Escape" && !this.list.hidden) {
      event.stopPropagation();
      this.close();
    }
  }

  pick(index) {
    const option = this.options[index];
    this.close();
    if (!option) return;
    if (option.create) {
      this.creatorNote.textContent = `“${option.create}” is a `;
      this.creator.hidden = false;
      this.kindSelect.focus();
      return;
    }
    this.input.value = "";
    this.onPick(option);
  }

  async create() {
    const name = this.input.value.trim();
    const result = await api("/api/sources/", {
      method: "POST",
      body: { project: this.projectId, name, kind: this.kindSelect.value },
    });
    if (!result.ok) {
      this.creatorNote.textContent = errorText(result) + " ";
      return;
    }
    this.creator.hidden = true;
    this.input.value = "";
    this.onPick(result.data);
  }
}
