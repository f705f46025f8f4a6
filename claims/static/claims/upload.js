// The project page, for managers: upload article files (.txt, .html) into the project. On
// success the page is read again to list them, and the outcome is kept across the reload.
import { api, errorText } from "./api.js";

const section = document.querySelector("section.upload");
const form = section.querySelector("form");
const outcome = document.getElementById("upload-outcome");
const KEPT = "claims:upload-outcome";

function show(...lines) {
  outcome.replaceChildren(...lines.map((line) => Object.assign(document.createElement("p"), { textContent: line })));
}

function summary({ imported, already_present: present }) {
  if (!imported.length) return `Nothing new: the project holds ${present === 1 ? "this article" : `these ${present} articles`} already.`;
  const titles = imported.map((document) => `“${document.title}”`).join(", ");
  const noun = imported.length === 1 ? "article" : "articles";
  return `Imported ${imported.length} ${noun}: ${titles}${present ? `; ${present} already in the project` : ""}.`;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  outcome.classList.remove("error");
  show("Importing…");
  const result = await api(`/api/projects/${section.dataset.project}/documents/`, { method: "POST", body: new FormData(form) });
  button.disabled = false;
  if (result.ok) {
    sessionStorage.setItem(KEPT, summary(result.data));
    location.reload();
    return;
  }
  outcome.classList.add("error");
  const unreadable = result.data?.files;
  if (Array.isArray(unreadable)) show("Nothing was imported. These files cannot be read:", ...unreadable);
  else show(`Nothing was imported. ${errorText(result)}`);
});

const kept = sessionStorage.getItem(KEPT);
if (kept) {
  sessionStorage.removeItem(KEPT);
  show(kept);
}
