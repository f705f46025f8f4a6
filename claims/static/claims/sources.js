// The source registry, for reviewers and managers: rename an entry and change its kind and
// affiliation (or clear it), add and remove aliases, mark it reviewed, merge it into another and
// (managers) delete it, each through the API (PATCH and DELETE /api/sources/{id}/, POST
// /api/sources/{id}/merge/). Rows are rendered by the server; this module updates them in place,
// always with textContent.
import { api, errorText } from "./api.js";

const table = document.getElementById("registry");
const mergeTargets = document.getElementById("merge-targets");
const registryStatus = document.getElementById("registry-status");
const panels = {
  edit: document.getElementById("edit-panel"),
  merge: document.getElementById("merge-panel"),
  delete: document.getElementById("delete-panel"),
};
// "document" reads "document or data": the labels are the edit form's
const kindLabels = new Map(
  [...panels.edit.content.querySelectorAll("select[name=kind] option")].map((option) => [option.value, option.textContent]),
);

function sourcePath(row) {
  return `/api/sources/${row.dataset.source}/`;
}

function rowOf(sourceId) {
  return table.querySelector(`tr.source-row[data-source="${Number(sourceId)}"]`);
}

function targetOption(sourceId) {
  return [...mergeTargets.options].find((option) => option.dataset.source === String(sourceId));
}

// The project's entry named so, ignoring case (names are unique so in a project), from the list
// every entry of the project is in.
function optionNamed(name) {
  return [...mergeTargets.options].find((option) => option.value.toLowerCase() === name.toLowerCase());
}

function note(row, message, kind) {
  const element = row.querySelector(".row-note");
  element.textContent = message;
  element.dataset.kind = kind;
}

function announce(message) {
  registryStatus.textContent = message;
  registryStatus.dataset.kind = "ok";
}

// The counts above the table, as the page's changes move them (an entry a merge decides that is
// not on this page is known by its merge target's data-needs-review).
function adjustCount(id, delta) {
  const count = document.getElementById(id);
  count.textContent = String(Number(count.textContent) + delta);
}

function panelOf(row) {
  const next = row.nextElementSibling;
  return next?.classList.contains("panel-row") ? next : null;
}

function setBusy(row, busy) {
  row.dataset.busy = String(busy);
  const buttons = [...row.querySelectorAll("button"), ...(panelOf(row)?.querySelectorAll("button") ?? [])];
  for (const button of buttons) button.disabled = busy;
}

// One request for one row, which is busy meanwhile; a refusal is written next to the row, naming
// the problem as the API does ("name: a source named 'Police' already exists in this project").
async function send(row, path, options, busyText) {
  setBusy(row, true);
  note(row, busyText, "busy");
  let result;
  try {
    result = await api(path, options);
  } catch (error) {
    result = { ok: false, status: 0, data: { detail: `The server could not be reached (${error.message}).` } };
  }
  setBusy(row, false);
  if (!result.ok) note(row, errorText(result), "error");
  return result;
}

function renderAliases(row, aliases) {
  row.querySelector(".aliases").replaceChildren(
    ...aliases.map((alias) => {
      const item = document.createElement("li");
      item.className = "alias";
      const name = document.createElement("span");
      name.className = "alias-name";
      name.textContent = alias;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "link remove-alias";
      remove.dataset.alias = alias;
      remove.title = "Remove this alias";
      remove.setAttribute("aria-label", `Remove alias ${alias}`);
      remove.textContent = "×";
      item.append(name, remove);
      return item;
    }),
  );
}

// An affiliation cell showing `to` ({id, name}; null: none).
function renderAffiliation(cell, to) {
  cell.dataset.affiliation = to ? String(to.id) : "";
  if (to) {
    cell.textContent = to.name;
  } else {
    const none = document.createElement("span");
    none.className = "muted";
    none.textContent = "–";
    cell.replaceChildren(none);
  }
}

// Rows naming sourceId as their affiliation name `to` instead (null: none, as after a delete).
function relabelAffiliates(sourceId, to) {
  for (const cell of table.querySelectorAll(`td.affiliation[data-affiliation="${Number(sourceId)}"]`)) {
    renderAffiliation(cell, to);
  }
}

// The row's own affiliation as the API answers it (an id or null), named from the project's list.
function showAffiliation(row, affiliationId) {
  const cell = row.querySelector("td.affiliation");
  if (affiliationId === null) {
    renderAffiliation(cell, null);
    return;
  }
  const name = targetOption(affiliationId)?.value ?? `source ${affiliationId}`; // every entry is listed
  renderAffiliation(cell, { id: affiliationId, name });
}

// The source as the API answers it: name, kind, aliases (without the name), affiliation,
// needs_review.
function applySource(row, source) {
  if (row.dataset.needsReview === "true" && !source.needs_review) adjustCount("review-count", -1);
  row.dataset.name = source.name;
  row.dataset.kind = source.kind;
  row.dataset.needsReview = String(source.needs_review);
  row.setAttribute("aria-label", `Source ${source.name}`);
  row.querySelector(".source-name").textContent = source.name;
  row.querySelector(".flag").hidden = !source.needs_review;
  row.querySelector('[data-action="reviewed"]').hidden = !source.needs_review;
  row.querySelector(".source-kind").textContent = kindLabels.get(source.kind) ?? source.kind;
  renderAliases(row, source.aliases);
  showAffiliation(row, source.affiliation);
  relabelAffiliates(source.id, source);
  const option = targetOption(source.id);
  if (option) {
    option.value = source.name;
    option.dataset.needsReview = String(source.needs_review);
  }
}

function removeRow(row) {
  adjustCount("source-count", -1);
  if (row.dataset.needsReview === "true") adjustCount("review-count", -1);
  closePanel(row);
  targetOption(row.dataset.source)?.remove();
  row.remove();
}

// Actions ---------------------------------------------------------------------------------

// The affiliation field's change for the PATCH body: undefined when it is as stored, null to
// clear it (an emptied field), else the id of the entry named; false when no entry is so named.
function affiliationChange(row, field) {
  const stored = row.querySelector("td.affiliation").dataset.affiliation;
  const wanted = field.value.trim();
  if (!wanted) return stored ? null : undefined;
  const option = optionNamed(wanted);
  if (!option) return false;
  return option.dataset.source === stored ? undefined : Number(option.dataset.source);
}

async function saveEdit(row, form) {
  const before = row.dataset.name;
  const body = { kind: form.elements.kind.value };
  const name = form.elements.name.value.trim();
  if (name !== before) body.name = name;
  const alias = form.elements.alias.value.trim();
  if (alias) body.aliases = [alias];
  const affiliation = affiliationChange(row, form.elements.affiliation);
  if (affiliation === false) {
    const wanted = form.elements.affiliation.value.trim();
    const hint = "pick one from the list, or empty the field for none";
    note(row, `No entry of this project is named “${wanted}”: ${hint}.`, "error");
    return;
  }
  if (affiliation !== undefined) body.affiliation = affiliation;
  const result = await send(row, sourcePath(row), { method: "PATCH", body }, "Saving…");
  if (!result.ok) return;
  applySource(row, result.data);
  closePanel(row);
  row.querySelector('[data-action="edit"]').focus(); // the form and its focus are gone
  const oldNameKept = result.data.name !== before && result.data.aliases.includes(before);
  note(row, oldNameKept ? `Saved. “${before}” stays as an alias.` : "Saved.", "ok");
}

async function markReviewed(row) {
  const result = await send(row, sourcePath(row), { method: "PATCH", body: {} }, "Saving…");
  if (!result.ok) return;
  applySource(row, result.data);
  note(row, "Marked reviewed.", "ok");
}

async function removeAlias(row, alias) {
  const body = { remove_aliases: [alias] };
  const result = await send(row, sourcePath(row), { method: "PATCH", body }, "Removing…");
  if (!result.ok) return;
  applySource(row, result.data);
  note(row, `Removed the alias “${alias}”.`, "ok");
}

async function merge(row, form) {
  const wanted = form.elements.into.value.trim();
  const target = optionNamed(wanted);
  if (!target) {
    note(row, `No entry of this project is named “${wanted}”: pick one from the list.`, "error");
    return;
  }
  const absorbed = { id: row.dataset.source, name: row.dataset.name, claims: Number(row.dataset.claims) };
  const body = { into: Number(target.dataset.source) };
  const result = await send(row, `${sourcePath(row)}merge/`, { method: "POST", body }, "Merging…");
  if (!result.ok) return;
  const kept = result.data;
  const keptRow = rowOf(kept.id); // on another page of the list, or filtered out, it is not here
  if (keptRow) {
    keptRow.dataset.claims = String(Number(keptRow.dataset.claims) + absorbed.claims);
    keptRow.querySelector(".claim-count").textContent = keptRow.dataset.claims;
    applySource(keptRow, kept);
    note(keptRow, `Merged “${absorbed.name}” into this entry.`, "ok");
  } else if (target.dataset.needsReview === "true" && !kept.needs_review) {
    adjustCount("review-count", -1);
    target.dataset.needsReview = "false";
  }
  relabelAffiliates(absorbed.id, kept);
  removeRow(row);
  announce(`Merged “${absorbed.name}” into “${kept.name}”.`);
}

async function remove(row) {
  const name = row.dataset.name;
  const result = await send(row, sourcePath(row), { method: "DELETE" }, "Deleting…");
  if (result.status === 409) {
    closePanel(row);
    note(row, `${errorText(result)}: merge it into another entry instead.`, "error");
  }
  if (!result.ok) return;
  relabelAffiliates(row.dataset.source, null);
  removeRow(row);
  announce(`Deleted “${name}”.`);
}

// Panels: one form at a time under a row, cloned from the page's templates ------------------

const SUBMIT = { edit: saveEdit, merge, delete: remove };

function closePanel(row) {
  panelOf(row)?.remove();
}

function openPanel(row, name) {
  const open = panelOf(row);
  closePanel(row);
  if (open?.dataset.panel === name) return; // its button again: close it
  const form = panels[name].content.firstElementChild.cloneNode(true);
  for (const label of form.querySelectorAll(".panel-source")) label.textContent = row.dataset.name;
  const cell = document.createElement("td");
  cell.colSpan = row.cells.length;
  cell.append(form);
  const panel = document.createElement("tr");
  panel.className = "panel-row";
  panel.dataset.panel = name;
  panel.append(cell);
  row.after(panel);

  const cancel = () => {
    closePanel(row);
    row.querySelector(`[data-action="${name}"]`).focus();
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    SUBMIT[name](row, form);
  });
  form.querySelector('[data-action="cancel"]').addEventListener("click", cancel);
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      cancel();
    }
  });
  if (name === "edit") {
    form.elements.name.value = row.dataset.name;
    form.elements.kind.value = row.dataset.kind;
    const cell = row.querySelector("td.affiliation");
    form.elements.affiliation.value = cell.dataset.affiliation ? cell.textContent.trim() : "";
  }
  (form.querySelector("input") ?? form.querySelector("button[type=submit]")).focus();
}

table.addEventListener("click", (event) => {
  const row = event.target.closest("tr.source-row");
  if (!row || row.dataset.busy === "true") return;
  const aliasButton = event.target.closest(".remove-alias");
  const action = event.target.closest("button[data-action]")?.dataset.action;
  if (aliasButton) removeAlias(row, aliasButton.dataset.alias);
  else if (action === "reviewed") markReviewed(row);
  else if (action in panels) openPanel(row, action);
});
