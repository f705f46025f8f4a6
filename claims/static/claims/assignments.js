// The document list, for managers: assign documents to annotators, take them back, and make
// the project blind. Each change goes through the API; the page is then read again.
import { api, errorText, toast } from "./api.js";

const options = document.getElementById("list-options");
const project = Number(options.dataset.project);

async function done(result) {
  if (result.ok) location.reload();
  else toast(errorText(result), { error: true });
}

options.querySelector("input[name=blind]")?.addEventListener("change", async (event) => {
  await done(await api(`/api/projects/${project}/`, { method: "PATCH", body: { blind: event.target.checked } }));
});

for (const cell of document.querySelectorAll("td.annotators")) {
  const path = `/api/documents/${cell.dataset.document}/assign/`;
  cell.addEventListener("click", async (event) => {
    const assign = event.target.closest("button[data-assign]");
    const unassign = event.target.closest("button[data-unassign]");
    if (assign) {
      const annotator = cell.querySelector("select[name=annotator]").value;
      await done(await api(path, { method: "POST", body: { annotators: [annotator] } }));
    } else if (unassign) {
      await done(await api(`${path}${encodeURIComponent(unassign.dataset.unassign)}/`, { method: "DELETE" }));
    }
  });
}
