// The members page, for managers: add a member by user name, change a role, remove a member,
// each through the API (/api/projects/{id}/members/). A change reloads the page, which the
// server draws again; a refusal (an unknown user, the project's last manager) is shown here.
import { api, errorText } from "./api.js";

const table = document.getElementById("members");
const status = document.getElementById("members-status");
const members = `/api/projects/${table.dataset.project}/members/`;

function refused(result) {
  status.textContent = errorText(result);
  status.dataset.kind = "error";
}

async function send(path, options) {
  status.textContent = "Saving…";
  delete status.dataset.kind;
  const result = await api(path, options);
  if (result.ok) location.reload();
  else refused(result);
  return result.ok;
}

function memberPath(row) {
  return `${members}${encodeURIComponent(row.dataset.username)}/`;
}

table.addEventListener("change", async (event) => {
  const select = event.target.closest("select[name=role]");
  if (!select) return;
  const row = select.closest("tr.member-row");
  const saved = await send(memberPath(row), { method: "PATCH", body: { role: select.value } });
  if (!saved) select.value = row.dataset.role;
});

table.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-remove]");
  if (!button) return;
  const row = button.closest("tr.member-row");
  if (!confirm(`Remove ${row.dataset.username} from the project? Their claims stay.`)) return;
  await send(memberPath(row), { method: "DELETE" });
});

document.getElementById("add-member").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const body = { username: form.elements.username.value.trim(), role: form.elements.role.value };
  await send(members, { method: "POST", body });
});
