// The adjudication page: take, drop or merge claims through the API, then finish. The page is
// drawn by the server; after each decision it is read again, so every row shows the stored state.
import { api, errorText, toast } from "./api.js";

const section = document.getElementById("adjudication");
const documentId = Number(section.dataset.document);

function card(button) {
  return button.closest(".adj-claim");
}

function take(claim) {
  return api(`/api/claims/${claim.dataset.id}/take/`, { method: "POST", body: { version: Number(claim.dataset.version) } });
}

function drop(claim) {
  return api(`/api/claims/${claim.dataset.id}/review/`, {
    method: "POST",
    body: { verdict: "reject", version: Number(claim.dataset.version), comment: "dropped in adjudication" },
  });
}

// The claim ticked first leads the merge, whichever column it is in: where several ticked claims
// named the source chosen, its cue, mentions and relay chain are the ones kept.
let ticks = 0;
section.addEventListener("change", (event) => {
  const box = event.target.closest("input[name=merge]");
  if (box) box.dataset.tick = box.checked ? String(++ticks) : "";
});

function merge(row) {
  const boxes = [...row.querySelectorAll("input[name=merge]:checked")];
  const ticked = boxes.sort((a, b) => Number(a.dataset.tick) - Number(b.dataset.tick)).map((box) => card(box));
  if (ticked.length < 2) return Promise.resolve({ ok: false, data: { detail: "Tick at least two claims to merge." } });
  const [kept, ...others] = ticked;
  return api(`/api/claims/${kept.dataset.id}/merge/`, {
    method: "POST",
    body: {
      version: Number(kept.dataset.version),
      others: others.map((claim) => ({ id: Number(claim.dataset.id), version: Number(claim.dataset.version) })),
      source: Number(row.querySelector("select[name=source]").value),
    },
  });
}

function finish() {
  return api(`/api/documents/${documentId}/adjudicate/`, { method: "POST" });
}

const ACTIONS = {
  take: (button) => take(card(button)),
  drop: (button) => drop(card(button)),
  merge: (button) => merge(button.closest("tr")),
  finish: () => finish(),
};

section.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  button.disabled = true;
  const result = await ACTIONS[button.dataset.action](button);
  if (result.ok) {
    location.reload();
    return;
  }
  button.disabled = false;
  toast(errorText(result), { error: true });
});
