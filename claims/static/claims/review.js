// The review queue: approve, reject and reopen claims in place through the API, one at a
// time or the selected ones in turn, with the mouse or the keyboard. Rows are rendered by the
// server; this module only changes their state, always with textContent.
import { api, errorText } from "./api.js";
import { bindKeys } from "./keys.js";
import { SourceFilter } from "./source_filter.js";

const pageData = JSON.parse(document.getElementById("review-data").textContent);
const table = document.getElementById("queue");
const selectAll = document.getElementById("select-all");
const approveSelectedButton = document.getElementById("approve-selected");
const selectedCount = document.getElementById("selected-count");
const bulkSummary = document.getElementById("bulk-summary");
const filters = document.getElementById("filters");

const DONE = { approve: "approved", reject: "rejected", reopen: "reopened" };
const NEEDS_ROLE = "Reviewing needs the reviewer role.";
// The server's refusal (services._check_unsettled): an adjudicated document's claims stay as decided.
const SETTLED = "This claim's document has been adjudicated: its claims stay as decided.";

let current = null; // the row the keys act on

function rows() {
  return [...table.querySelectorAll("tr.claim-row")];
}

// A settled row (its document adjudicated) has no box: it cannot be approved.
function pickBox(row) {
  return row.querySelector(".pick-box");
}

function pickable() {
  return rows().filter(pickBox);
}

function commentInput(row) {
  return row.querySelector(".comment-input");
}

function allowed(row, verdict) {
  return row.dataset.settled !== "true" && (pageData.transitions[verdict] ?? []).includes(row.dataset.status);
}

function refusal(row, verdict) {
  if (row.dataset.settled === "true") return SETTLED;
  const statuses = pageData.transitions[verdict] ?? [];
  return `This claim is ${row.dataset.status}: only ${statuses.join(" or ")} claims can be ${DONE[verdict]}.`;
}

function syncButtons(row) {
  const busy = row.dataset.busy === "true";
  for (const button of row.querySelectorAll("button[data-verdict]")) {
    const ownApproval = button.dataset.verdict === "approve" && row.dataset.own === "true";
    button.disabled = busy || !pageData.canReview || ownApproval || !allowed(row, button.dataset.verdict);
  }
}

function note(row, message, kind) {
  const element = row.querySelector(".row-note");
  element.textContent = message;
  element.dataset.kind = kind;
}

function renderHistory(row, reviews) {
  const list = row.querySelector(".history");
  list.replaceChildren(
    ...reviews.map((review) => {
      const item = document.createElement("li");
      const by = document.createElement("span");
      by.className = "by";
      by.textContent = review.by;
      const verdict = document.createElement("span");
      verdict.className = `verdict verdict-${review.verdict}`;
      verdict.textContent = DONE[review.verdict] ?? review.verdict;
      item.append(by, " ", verdict);
      if (review.comment) {
        const comment = document.createElement("q");
        comment.className = "comment";
        comment.textContent = review.comment;
        item.append(": ", comment);
      }
      const at = document.createElement("time");
      at.className = "muted";
      at.dateTime = review.at;
      at.textContent = review.at.slice(0, 16).replace("T", " ");
      item.append(" ", at);
      return item;
    }),
  );
}

// The claim as the API answers it: status, version and reviews.
function applyClaim(row, claim) {
  row.dataset.status = claim.status;
  row.dataset.version = String(claim.version);
  const badge = row.querySelector(".status");
  badge.className = `status status-${claim.status}`;
  badge.textContent = claim.status;
  renderHistory(row, claim.reviews ?? []);
  syncButtons(row);
}

// Send one verdict for one row; resolves to true when the API recorded it.
async function decide(row, verdict) {
  if (!pageData.canReview) {
    note(row, NEEDS_ROLE, "error");
    return false;
  }
  if (row.dataset.busy === "true") return false;
  if (!allowed(row, verdict)) {
    note(row, refusal(row, verdict), "error");
    return false;
  }
  const input = commentInput(row);
  const comment = input.value.trim(); // optional, as the guide has it; the annotator revising it reads it
  row.dataset.busy = "true";
  syncButtons(row);
  note(row, "Saving…", "busy");
  let result;
  try {
    result = await api(`/api/claims/${row.dataset.claim}/review/`, {
      method: "POST",
      body: { verdict, comment, version: Number(row.dataset.version) },
    });
  } catch (error) {
    result = { ok: false, status: 0, data: { detail: `The server could not be reached (${error.message}).` } };
  }
  row.dataset.busy = "false";
  if (result.ok) {
    applyClaim(row, result.data);
    input.value = "";
    note(row, `${DONE[verdict][0].toUpperCase()}${DONE[verdict].slice(1)}.`, "ok");
    return true;
  }
  if (result.status === 409 && result.data?.current) {
    const now = result.data.current;
    applyClaim(row, now);
    note(row, `${errorText(result)}. It is now ${now.status} (version ${now.version}).`, "error");
  } else {
    syncButtons(row);
    note(row, errorText(result), "error");
  }
  return false;
}

// Approve the selected rows one after the other, reporting on each row and in sum.
async function approveSelected() {
  if (!pageData.canReview) return;
  const selected = pickable().filter((row) => pickBox(row).checked);
  if (selected.length === 0) {
    bulkSummary.textContent = "Select claims first: tick their boxes, or press x on a row.";
    bulkSummary.dataset.kind = "error";
    return;
  }
  approveSelectedButton.disabled = true;
  bulkSummary.dataset.kind = "busy";
  let approved = 0;
  for (const [index, row] of selected.entries()) {
    bulkSummary.textContent = `Approving ${index + 1} of ${selected.length}…`;
    if (await decide(row, "approve")) {
      approved += 1;
      pickBox(row).checked = false;
    }
  }
  const failed = selected.length - approved;
  bulkSummary.textContent =
    `Approved ${approved} of ${selected.length}.` +
    (failed ? ` ${failed} failed and stay selected: the reason is in each row.` : "");
  bulkSummary.dataset.kind = failed ? "error" : "ok";
  approveSelectedButton.disabled = false;
  updateSelection();
}

function updateSelection() {
  const boxes = pickable().map(pickBox);
  const checked = boxes.filter((box) => box.checked).length;
  selectedCount.textContent = String(checked);
  selectAll.checked = checked > 0 && checked === boxes.length;
  selectAll.indeterminate = checked > 0 && checked < boxes.length;
}

function setCurrent(row) {
  if (current === row) return;
  current?.classList.remove("current");
  current = row;
  current?.classList.add("current");
}

function focusRow(row) {
  if (!row) return;
  setCurrent(row);
  row.focus({ preventScroll: true });
  row.scrollIntoView({ block: "nearest" });
}

function move(step) {
  const all = rows();
  if (all.length === 0) return;
  const index = all.indexOf(current);
  const next = index === -1 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, index + step));
  focusRow(all[next]);
}

function currentOrFirst() {
  if (!current) move(1);
  return current;
}

// Events ----------------------------------------------------------------------------------

table.addEventListener("focusin", (event) => {
  const row = event.target.closest("tr.claim-row");
  if (row) setCurrent(row);
});

table.addEventListener("click", (event) => {
  const row = event.target.closest("tr.claim-row");
  if (!row) return;
  setCurrent(row);
  const button = event.target.closest("button[data-verdict]");
  if (button) decide(row, button.dataset.verdict);
});

table.addEventListener("change", (event) => {
  if (event.target.matches(".pick-box")) updateSelection();
});

table.addEventListener("keydown", (event) => {
  if (!event.target.matches(".comment-input")) return;
  const row = event.target.closest("tr.claim-row");
  if (event.key === "Enter") {
    event.preventDefault();
    decide(row, "reject").then((done) => {
      if (done) row.focus({ preventScroll: true });
    });
  } else if (event.key === "Escape") {
    event.preventDefault();
    row.focus({ preventScroll: true });
  }
});

selectAll.addEventListener("change", () => {
  for (const row of pickable()) pickBox(row).checked = selectAll.checked;
  updateSelection();
});

approveSelectedButton.addEventListener("click", approveSelected);

// Keys ------------------------------------------------------------------------------------

// Shortcuts act unless the user is typing; a focused checkbox or button does not count.
function typing(event) {
  const target = event.target;
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || target.matches("input:not([type=checkbox]), textarea, select"))
  );
}

function key(name, label, description, run) {
  return {
    label,
    description,
    inFields: true, // checkboxes count as fields for keys.js; typing() decides instead
    matches: (event) =>
      event.key === name &&
      // an upper-case key needs Shift, so Caps Lock does not turn "a" into "approve all"
      (name.toLowerCase() === name || event.shiftKey) &&
      !event.ctrlKey &&
      !event.metaKey &&
      !event.altKey &&
      !typing(event),
    run,
  };
}

bindKeys([
  key("j", "j", "Next claim", () => move(1)),
  key("k", "k", "Previous claim", () => move(-1)),
  key("a", "a", "Approve the focused claim", () => {
    const row = currentOrFirst();
    if (row) decide(row, "approve");
  }),
  key("r", "r", "Reject the focused claim: type why (optional), then Enter (Esc goes back)", () => {
    const row = currentOrFirst();
    if (!row) return;
    if (!pageData.canReview) return note(row, NEEDS_ROLE, "error");
    if (!allowed(row, "reject")) return note(row, refusal(row, "reject"), "error");
    commentInput(row).focus();
  }),
  key("o", "o", "Reopen the focused claim", () => {
    const row = currentOrFirst();
    if (row) decide(row, "reopen");
  }),
  key("x", "x", "Select or unselect the focused claim", () => {
    const row = currentOrFirst();
    const box = row && pickBox(row);
    if (!box || box.disabled) return;
    box.checked = !box.checked;
    updateSelection();
  }),
  key("A", "Shift+A", "Approve the selected claims", approveSelected),
  key("/", "/", "Go to the filters", () => filters.querySelector("select, input")?.focus()),
]);

for (const row of rows()) syncButtons(row);
if (pickable().length === 0) selectAll.disabled = true; // every row settled, or none
updateSelection();
new SourceFilter(document.getElementById("id_source"));
