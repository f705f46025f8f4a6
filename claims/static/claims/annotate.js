// The annotate page: select words (mouse or keyboard) to draft a claim, link its source,
// cue, mentions and relay chain, and save it without reloading. Offsets sent to the API are
// code points; the DOM's selection is in UTF-16 units and Offsets converts between them.
import { api, errorText, toast } from "./api.js";
import { SourcePicker } from "./combobox.js";
import { Highlighter } from "./highlights.js";
import { bindKeys } from "./keys.js";
import { Offsets } from "./offsets.js";

const data = JSON.parse(document.getElementById("page-data").textContent);
const textElement = document.getElementById("text");
const textNode = textElement.firstChild; // the whole article is this one text node
const text = textNode.data;
const offsets = new Offsets(text);
const highlighter = new Highlighter(textNode, offsets);
const claims = new Map(data.claims.map((claim) => [claim.id, claim]));
const sources = new Map(Object.entries(data.sources).map(([id, source]) => [Number(id), source]));
const kindLabels = new Map(data.kinds);
const panel = document.getElementById("claim-panel");
const list = document.getElementById("claim-list");
const tip = document.getElementById("tip");
const user = data.user;

let opened = null; // id of the claim shown in the panel
let draft = null; // the claim being written or edited
let words = null; // [starts, ends] of the article's words in UTF-16 units, built on first use
let cursor = null; // {anchor, focus}: word indexes of the keyboard selection

// Text and offsets ---------------------------------------------------------------------------

function slice(start, end) {
  return text.slice(offsets.toUnits(start), offsets.toUnits(end));
}

function sortedClaims() {
  return [...claims.values()].sort((a, b) => a.start - b.start || a.end - b.end || a.id - b.id);
}

function claimsAt(point) {
  return sortedClaims().filter((claim) => claim.start <= point && point < claim.end);
}

// The selected span of the article in code points, spaces at either end left out.
function selectedSpan() {
  const selection = window.getSelection();
  if (!selection.rangeCount || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (range.startContainer !== textNode || range.endContainer !== textNode) return null;
  let start = range.startOffset;
  let end = range.endOffset;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return start < end ? [offsets.toPoints(start), offsets.toPoints(end)] : null;
}

function pointAt(x, y) {
  const caret = document.caretPositionFromPoint?.(x, y);
  if (caret) return caret.offsetNode === textNode ? offsets.toPoints(caret.offset) : null;
  const range = document.caretRangeFromPoint?.(x, y);
  return range && range.startContainer === textNode ? offsets.toPoints(range.startOffset) : null;
}

function scrollToSpan(start, end) {
  const box = highlighter.range(start, end);
  const live = document.createRange();
  live.setStart(textNode, box.startOffset);
  live.setEnd(textNode, box.endOffset);
  const rect = live.getBoundingClientRect();
  if (rect.top < 60 || rect.bottom > window.innerHeight - 20) {
    window.scrollBy({ top: rect.top - window.innerHeight / 3 });
  }
}

// Which claims are drawn: those within WINDOW_MARGIN code points of what the viewport shows.
const WINDOW_MARGIN = 6000;

function updateWindow() {
  const box = textElement.getBoundingClientRect();
  if (box.bottom < 0 || box.top > window.innerHeight) return;
  const clampY = (y) => Math.min(Math.max(y, 1), window.innerHeight - 2);
  const top = pointAt(box.left + 2, clampY(box.top + 2)) ?? 0;
  const bottom = pointAt(box.right - 2, clampY(box.bottom - 2)) ?? text.length;
  const [start, end] = highlighter.window;
  const slack = WINDOW_MARGIN / 3; // redraw only when the viewport nears the window's edge
  const nearStart = start > 0 && top - start < slack;
  const nearEnd = end < text.length && end - bottom < slack;
  if (nearStart || nearEnd || top < start || bottom > end) {
    highlighter.setWindow(Math.max(0, top - WINDOW_MARGIN), bottom + WINDOW_MARGIN);
  }
}

let windowFrame = 0;
function updateWindowSoon() {
  cancelAnimationFrame(windowFrame);
  windowFrame = requestAnimationFrame(updateWindow);
}
window.addEventListener("scroll", updateWindowSoon, { passive: true });
window.addEventListener("resize", updateWindowSoon);

// Keyboard selection: a word cursor over the text ----------------------------------------------
// Each punctuation mark is a step of its own, so that the keys can leave out what the guide
// leaves out of a span: quotation marks around a quote, the comma or full stop after a name.
// Letters and digits joined by an apostrophe, hyphen or point stay one word: "don't", "U.S", "3.5".
// Steps are made of whole graphemes, so that an emoji sequence ("👩‍⚖️", four code points) or a
// flag is one mark, and a letter keeps its combining accents: no step ends inside a character.
const WORDLIKE = /^[\p{L}\p{N}\p{M}]/u;
const JOINER = /^['’.\-]$/u;
const SPACE = /^\s+$/u;
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

function wordIndex() {
  if (!words) words = stepsOf([...graphemes.segment(text)]);
  return words;
}

// [starts, ends] of the steps over the graphemes: runs of word graphemes, a joiner between two
// of them included, and each other grapheme that is not white space.
function stepsOf(pieces) {
  const starts = [];
  const ends = [];
  const isWord = (piece) => piece !== undefined && WORDLIKE.test(piece.segment);
  let inWord = false;
  pieces.forEach((piece, index) => {
    const word = isWord(piece);
    const joins = inWord && JOINER.test(piece.segment) && isWord(pieces[index + 1]);
    if ((word && inWord) || joins) ends[ends.length - 1] = piece.index + piece.segment.length;
    else if (!SPACE.test(piece.segment)) {
      starts.push(piece.index);
      ends.push(piece.index + piece.segment.length);
    }
    inWord = word || joins;
  });
  return [starts, ends];
}

function wordAtUnit(unit) {
  const [starts] = wordIndex();
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= unit) low = middle;
    else high = middle - 1;
  }
  return low;
}

function moveCursor(step, extend) {
  const [starts, ends] = wordIndex();
  if (cursor && !selectionIsCursors(starts, ends)) cursor = null;
  if (!cursor) {
    const from = cursorStart(step);
    cursor = { anchor: from + step, focus: from };
  }
  const focus = Math.min(starts.length - 1, Math.max(0, cursor.focus + step));
  cursor = { anchor: extend ? cursor.anchor : focus, focus };
  const first = Math.min(cursor.anchor, cursor.focus);
  const last = Math.max(cursor.anchor, cursor.focus);
  selectUnits(starts[first], ends[last]);
}

// Whether the selection is still the one the cursor made. Once it is taken away (the source
// picker's field took the focus, the claim was drafted from it) or replaced, the next move starts
// afresh, as it does after a mouse selection, rather than from words no longer selected.
function selectionIsCursors(starts, ends) {
  const selection = window.getSelection();
  if (!selection.rangeCount) return false;
  const range = selection.getRangeAt(0);
  const first = Math.min(cursor.anchor, cursor.focus);
  const last = Math.max(cursor.anchor, cursor.focus);
  return range.startContainer === textNode && range.endContainer === textNode &&
    range.startOffset === starts[first] && range.endOffset === ends[last];
}

// The word the first move steps from: the selection's first word lands on itself; beside the
// claim being drafted (picking its source took the selection away), → lands on the word after
// it and ← on the word before, where cues and outlets sit; else the first word in view.
function cursorStart(step) {
  const span = selectedSpan();
  if (span) return wordAtUnit(offsets.toUnits(span[0])) - step;
  if (draft) return wordAtUnit(offsets.toUnits(step > 0 ? draft.span[1] - 1 : draft.span[0]));
  return firstVisibleWord() - step;
}

function firstVisibleWord() {
  const box = textElement.getBoundingClientRect();
  const point = pointAt(box.left + 4, Math.max(box.top, 70) + 8);
  return point === null ? 0 : wordAtUnit(offsets.toUnits(point));
}

function selectUnits(start, end) {
  window.getSelection().setBaseAndExtent(textNode, start, textNode, end);
  scrollToSpan(offsets.toPoints(start), offsets.toPoints(end));
}

// The sentence around the selection or the cursor.
function selectSentence() {
  const span = selectedSpan();
  const unit = span ? offsets.toUnits(span[0]) : wordIndex()[0][cursor?.focus ?? firstVisibleWord()];
  const before = text.slice(0, unit);
  const starts = [...before.matchAll(/[.!?]["”’)]*\s+|\n+/g)];
  const start = starts.length ? starts.at(-1).index + starts.at(-1)[0].length : 0;
  const after = /[.!?]["”’)]*(?=\s|$)|\n/g;
  after.lastIndex = unit;
  const stop = after.exec(text);
  const end = stop ? stop.index + (stop[0] === "\n" ? 0 : stop[0].length) : text.length;
  cursor = null;
  selectUnits(start, end);
}

textElement.addEventListener("keydown", (event) => {
  if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
  event.preventDefault();
  moveCursor(event.key === "ArrowRight" ? 1 : -1, event.shiftKey);
});
textElement.addEventListener("mousedown", () => {
  cursor = null;
});

// Drawing ---------------------------------------------------------------------------------------

function sourceName(id) {
  return sources.get(id)?.name ?? `source ${id}`;
}

function describe(claim) {
  const cue = claim.cue ? ` · cue “${slice(...claim.cue)}”` : "";
  return `${sourceName(claim.source)} — ${kindLabels.get(claim.kind)} · ${claim.status}${cue}`;
}

const listItems = new Map(); // claim id -> its <li> in the claim list

function listItem(claim) {
  const item = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.className = `claim-item origin-${claim.origin}`;
  button.dataset.id = claim.id;
  const status = Object.assign(document.createElement("span"), { className: `status status-${claim.status}` });
  status.textContent = claim.status;
  const source = Object.assign(document.createElement("strong"), { textContent: ` ${sourceName(claim.source)}` });
  const quote = Object.assign(document.createElement("span"), { className: "quote" });
  const words = slice(claim.start, claim.end);
  quote.textContent = words.length > 90 ? `${words.slice(0, 88)}…` : words;
  const detail = Object.assign(document.createElement("span"), { className: "muted" });
  detail.textContent = `${kindLabels.get(claim.kind)}${claim.cue ? ` · cue “${slice(...claim.cue)}”` : ""}`;
  button.append(status, source, quote, detail);
  item.append(button);
  return item;
}

function renderList() {
  listItems.clear();
  const items = sortedClaims().map((claim) => {
    const item = listItem(claim);
    listItems.set(claim.id, item);
    return item;
  });
  list.replaceChildren(...items);
  countClaims();
  markListCurrent();
}

// One claim added, changed or gone: touch its item only, the other thousands stay.
function placeInList(claim) {
  listItems.get(claim.id)?.remove();
  listItems.delete(claim.id);
  if (claims.has(claim.id)) {
    const item = listItem(claim);
    const ordered = sortedClaims();
    const next = ordered[ordered.findIndex((other) => other.id === claim.id) + 1];
    list.insertBefore(item, next ? listItems.get(next.id) : null);
    listItems.set(claim.id, item);
  }
  countClaims();
  markListCurrent();
}

function countClaims() {
  document.getElementById("claim-count").textContent = `(${claims.size})`;
}

list.addEventListener("click", (event) => {
  const item = event.target.closest(".claim-item");
  if (item) openClaim(Number(item.dataset.id), { scroll: true });
});
list.addEventListener("focusin", (event) => {
  const item = event.target.closest(".claim-item");
  if (item) showMarks(claims.get(Number(item.dataset.id)));
});

function showMarks(claim) {
  highlighter.mark("active", claim ? { span: [claim.start, claim.end], cue: claim.cue, mentions: claim.mentions } : {});
}

// Hover and click on the text ---------------------------------------------------------------------

let hoverFrame = 0;
textElement.addEventListener("mousemove", (event) => {
  cancelAnimationFrame(hoverFrame);
  hoverFrame = requestAnimationFrame(() => {
    const point = pointAt(event.clientX, event.clientY);
    const here = point === null ? [] : claimsAt(point);
    if (!here.length) {
      tip.hidden = true;
      return;
    }
    tip.replaceChildren(
      ...here.slice(0, 4).map((claim) => Object.assign(document.createElement("div"), { textContent: describe(claim) })),
    );
    tip.hidden = false;
    tip.style.left = `${Math.min(event.clientX + 12, window.innerWidth - 340)}px`;
    tip.style.top = `${event.clientY + 18}px`;
  });
});
textElement.addEventListener("mouseleave", () => {
  tip.hidden = true;
});
textElement.addEventListener("mouseup", (event) => {
  if (!window.getSelection().isCollapsed) {
    // selecting words opens the claim form beside them; a wider selection over a new draft not yet
    // worked on (the third click after a double click) takes its place
    const span = selectedSpan();
    if (span && (!draft || widensUntouchedDraft(span))) newClaim();
    return;
  }
  const point = pointAt(event.clientX, event.clientY);
  const here = point === null ? [] : claimsAt(point);
  if (here.length === 1) openClaim(here[0].id);
  else if (here.length > 1) chooseAmong(here);
});

function widensUntouchedDraft([start, end]) {
  if (draft?.mode !== "new" || draft.source || draft.cue || draft.mentions.length || draft.via.length) return false;
  const [draftStart, draftEnd] = draft.span;
  return start <= draftStart && end >= draftEnd && end - start > draftEnd - draftStart;
}

// The panel: one claim, a choice of claims, or the claim form ---------------------------------

function element(tag, properties = {}, ...children) {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}

function actionButton(label, handler, className = "") {
  const button = element("button", { type: "button", textContent: label, className });
  button.addEventListener("click", handler);
  return button;
}

// A button that acts on the selected words must not take the selection away when pressed.
function keepsSelection(button) {
  button.addEventListener("mousedown", (event) => event.preventDefault());
  return button;
}

// A rejected claim may be revised, which sends it back to the reviewers, until the document is adjudicated.
function mayChange(claim) {
  const open = claim.status === "pending" || (claim.status === "rejected" && !data.document.adjudicated);
  return open && (claim.by === user.username || user.isManager);
}

function openClaim(id, { scroll = false } = {}) {
  const claim = claims.get(id);
  if (!claim) return;
  draft = null;
  highlighter.mark("draft");
  opened = id;
  showMarks(claim);
  if (scroll) scrollToSpan(claim.start, claim.end);
  const facts = element("dl", { className: "facts" });
  const fact = (term, value) => facts.append(element("dt", { textContent: term }), element("dd", { textContent: value }));
  fact("Source", `${sourceName(claim.source)} (${sources.get(claim.source)?.kind ?? "?"})`);
  fact("Kind", kindLabels.get(claim.kind));
  fact("Status", claim.status + (claim.origin === "machine" ? " · machine suggestion" : ""));
  fact("Cue", fieldText("cue", claim.cue));
  fact("Mentions", fieldText("mentions", claim.mentions));
  fact("Relay chain", fieldText("via", claim.via));
  fact("By", claim.by ?? "the machine");
  const actions = element("div", { className: "actions" });
  if (claim.status === "suggested") {
    const accept = data.document.adjudicated ? "" : actionButton("Accept (a)", () => acceptSuggestion(claim));
    actions.append(accept, actionButton("Reject (x)", () => rejectSuggestion(claim), "danger"));
  } else if (mayChange(claim)) {
    const edit = actionButton(claim.status === "rejected" ? "Revise (e)" : "Edit (e)", () => editClaim(claim));
    actions.append(edit, claim.status === "pending" ? actionButton("Delete (d)", () => confirmDelete(claim), "danger") : "");
  }
  const quote = element("blockquote", { className: "quote", textContent: slice(claim.start, claim.end) });
  const history = element("ol", { className: "history", ariaBusy: "true" });
  const historySection = element("section", { className: "history-section" }, element("h3", { textContent: "History" }), history);
  panel.replaceChildren(element("h2", { textContent: "Claim" }), quote, facts, actions, historySection);
  panel.hidden = false;
  markListCurrent();
  showHistory(claim, history);
}

// The claim's audit trail, fetched when it opens; a reply for a claim no longer open is dropped.
async function showHistory(claim, history) {
  const result = await api(`/api/claims/${claim.id}/history/`);
  if (opened !== claim.id || !history.isConnected) return;
  history.ariaBusy = "false";
  if (!result.ok) {
    history.replaceChildren(element("li", { className: "error", textContent: errorText(result) }));
    return;
  }
  const verdict = result.data.findLast((entry) => entry.action === "claim.reviewed");
  if (verdict) claim.verdict = `${verdict.summary} (${verdict.by})`; // what a revision answers
  history.replaceChildren(
    ...result.data.map((entry) =>
      element(
        "li",
        {},
        element("span", { className: "by", textContent: entry.by ?? "the machine" }),
        " ",
        entry.summary,
        " ",
        element("time", { className: "muted", dateTime: entry.at, textContent: entry.at.slice(0, 16).replace("T", " ") }),
      ),
    ),
  );
}

let currentItem = null;

function markListCurrent() {
  currentItem?.removeAttribute("aria-current");
  currentItem = listItems.get(opened)?.firstChild ?? null;
  currentItem?.setAttribute("aria-current", "true");
}

function chooseAmong(here) {
  const buttons = here.map((claim) => {
    const button = actionButton(describe(claim), () => openClaim(claim.id), "choice");
    button.addEventListener("focus", () => showMarks(claim));
    return element("li", {}, button);
  });
  panel.replaceChildren(element("h2", { textContent: `${here.length} claims here` }), element("ul", { className: "choices" }, ...buttons));
  panel.hidden = false;
  buttons[0].firstChild.focus();
}

// After a claim is saved or dropped, the next keyboard selection starts afresh.
function forgetSelection() {
  window.getSelection().removeAllRanges();
  cursor = null;
}

function closePanel() {
  forgetSelection();
  panel.hidden = true;
  opened = null;
  draft = null;
  highlighter.mark("draft");
  showMarks(null);
  markListCurrent();
  textElement.focus({ preventScroll: true });
}

// The claim form ------------------------------------------------------------------------------------

const SETTLED = "This document has been adjudicated: its claims are settled, and it takes no new ones.";

function newClaim() {
  if (data.document.adjudicated) return toast(SETTLED, { error: true });
  const span = selectedSpan();
  if (!span) {
    toast("Select the words of the claim first.");
    return;
  }
  draft = { mode: "new", span, source: null, kind: "indirect", cue: null, mentions: [], via: [] };
  cursor = null; // its words are the draft's now: the next move starts beside them, as after the mouse
  renderForm();
  focusSourcePicker();
}

function editClaim(claim) {
  forgetSelection(); // words selected before it was opened are not its: the arrows start beside it
  draft = {
    mode: "edit",
    id: claim.id,
    version: claim.version,
    status: claim.status, // a rejected claim's edit is a revision: it goes back for review
    span: [claim.start, claim.end],
    source: { id: claim.source, ...sources.get(claim.source) },
    kind: claim.kind,
    cue: claim.cue,
    // a mention naming the claim's own source follows the claim if its source is changed;
    // one naming another source (set through the API) keeps it
    mentions: claim.mentions.map(([start, end, source]) => [start, end, source === claim.source ? null : source]),
    via: claim.via.map((id) => ({ id, ...sources.get(id) })),
    base: claimFields(claim), // the claim as the edit found it: what the user changed is what differs
    notice: null, // {lines, said}: why the form is shown again, the claim having moved on meanwhile
  };
  renderForm();
}

// The form is drawn again after each change; focus stays where the change was made from, so that
// the text's keys (arrows, c, m, 1–5) never land in one of the form's fields.
function renderForm() {
  opened = null;
  showMarks(null);
  highlighter.mark("draft", { span: draft.span, cue: draft.cue, mentions: draft.mentions });
  const sourcePicker = new SourcePicker({
    projectId: data.document.project,
    kinds: data.sourceKinds,
    placeholder: "Who says it? Type a name or alias",
    onPick: (source) => {
      remember(source);
      draft.source = source;
      renderForm();
      textElement.focus({ preventScroll: true });
    },
  });
  const viaPicker = new SourcePicker({
    projectId: data.document.project,
    kinds: data.sourceKinds,
    placeholder: "Add an outlet it passed through",
    onPick: (source) => {
      remember(source);
      draft.via.push(source);
      renderForm();
      focusVia();
    },
  });
  const chosen = draft.source
    ? element("p", { className: "chosen" }, element("strong", { textContent: draft.source.name }), ` (${draft.source.kind}) `,
        actionButton("change", () => { draft.source = null; renderForm(); focusSourcePicker(); }, "link"))
    : sourcePicker.element;
  const kind = element("select", { id: "claim-kind" });
  for (const [value, label] of data.kinds) kind.append(new Option(label, value, false, value === draft.kind));
  kind.addEventListener("change", () => { draft.kind = kind.value; });
  const cue = element("p", { className: "spanline" }, "Cue: ",
    element("span", { className: "cue-text", textContent: draft.cue ? `“${slice(...draft.cue)}”` : "none" }),
    draft.cue ? actionButton("clear", () => { draft.cue = null; renderForm(); }, "link") : "",
    keepsSelection(actionButton("use selection (c)", setCue, "link")));
  const mentions = element("ul", { className: "mentions" }, ...draft.mentions.map((mention, index) =>
    element("li", {}, `“${slice(...mention)}” `, actionButton("remove", () => { draft.mentions.splice(index, 1); renderForm(); }, "link"))));
  const via = element("ol", { className: "via" }, ...draft.via.map((source, index) =>
    element("li", {}, `${source.name} `,
      index ? actionButton("↑", () => { draft.via.splice(index - 1, 0, ...draft.via.splice(index, 1)); renderForm(); }, "link") : "",
      actionButton("remove", () => { draft.via.splice(index, 1); renderForm(); }, "link"))));
  const error = element("p", { className: "error", id: "form-error" });
  error.setAttribute("role", "alert");
  const form = element("form", { className: "claim-form" },
    element("h2", { textContent: formTitle() }),
    draft.status === "rejected" ? element("p", { className: "muted", textContent: revisionNote() }) : "",
    draftNotice(),
    element("blockquote", { className: "quote", textContent: slice(...draft.span) }),
    element("p", { className: "spanline" }, keepsSelection(actionButton("use selection as its words (w)", setWords, "link"))),
    element("div", { className: "field source-field" }, element("span", { className: "label", textContent: "Source" }), chosen),
    element("label", {}, "Attribution", kind),
    cue,
    element("div", { className: "field" }, element("span", { className: "label", textContent: "Mentions" }), mentions,
      keepsSelection(actionButton("add selection (m)", addMention, "link")),
      element("span", { className: "muted", textContent: " where the text names the source" })),
    element("div", { className: "field" }, element("span", { className: "label", textContent: "Relay chain" }), via, viaPicker.element),
    error,
    element("div", { className: "actions" },
      element("button", { type: "submit", className: "primary", textContent: "Save (Ctrl+Enter)" }),
      actionButton("Cancel (Esc)", closePanel)));
  form.addEventListener("submit", (event) => { event.preventDefault(); saveDraft(); });
  panel.replaceChildren(form);
  panel.hidden = false;
}

// The API refuses it too (409): sent back unchanged, it would only undo the reviewer's verdict.
const UNCHANGED_REVISION =
  "Nothing is changed yet. Change what the rejection points at; to contest it as it stands, ask a reviewer to reopen the claim.";

function revisionNote() {
  const verdict = claims.get(draft.id)?.verdict;
  return `${verdict ? `${verdict[0].toUpperCase()}${verdict.slice(1)}.` : "Rejected."} Saving your changes sends it back to the reviewers as pending.`;
}

function formTitle() {
  if (draft.mode === "new") return "New claim";
  return draft.status === "rejected" ? "Revise rejected claim" : "Edit claim";
}

// Said once, as an alert, when the form comes back; kept in view while the draft is worked on.
function draftNotice() {
  if (!draft.notice) return "";
  const box = notice(draft.notice.lines);
  if (!draft.notice.said) box.setAttribute("role", "alert");
  draft.notice.said = true;
  return box;
}

function focusSourcePicker() {
  panel.querySelector(".source-field .combo input")?.focus();
}

function focusVia() {
  panel.querySelector(".via + .combo input")?.focus();
}

function remember(source) {
  sources.set(source.id, { name: source.name, kind: source.kind });
}

// The claim's own words, changed while it is drafted or edited: the rest of the draft stays.
function setWords() {
  const span = selectedSpan();
  if (!draft || !span) return toast(draft ? "Select the claim's words first." : "Start a claim first (Enter).");
  draft.span = span;
  renderForm();
}

function setCue() {
  const span = selectedSpan();
  if (!draft || !span) return toast(draft ? "Select the cue words first." : "Start a claim first (Enter).");
  draft.cue = span;
  renderForm();
}

function addMention() {
  const span = selectedSpan();
  if (!draft || !span) return toast(draft ? "Select where the source is named first." : "Start a claim first (Enter).");
  draft.mentions.push(span);
  renderForm();
}

let saving = false; // a second press of Save while the first is on its way must not store the claim twice

async function saveDraft() {
  if (!draft || saving) return;
  const error = document.getElementById("form-error");
  if (!draft.source) {
    error.textContent = "Pick the source the claim is attributed to.";
    return;
  }
  if (draft.status === "rejected" && same(draftFields(draft), draft.base)) {
    error.textContent = UNCHANGED_REVISION;
    return;
  }
  const startedAt = performance.now();
  const body = {
    start: draft.span[0],
    end: draft.span[1],
    text: slice(...draft.span),
    kind: draft.kind,
    source: draft.source.id,
    cue: draft.cue ? { start: draft.cue[0], end: draft.cue[1] } : null,
    mentions: draft.mentions.map(([start, end, source = null]) => ({ start, end, source })),
    via: draft.via.map((source) => source.id),
  };
  const sent = draft;
  const submit = panel.querySelector('.claim-form button[type="submit"]');
  saving = submit.disabled = true;
  try {
    const result = await (sent.mode === "new"
      ? api("/api/claims/", { method: "POST", body: { document: data.document.id, ...body } })
      : api(`/api/claims/${sent.id}/`, { method: "PATCH", body: { ...body, version: sent.version } }));
    if (result.ok) saved(result.data, startedAt);
    else if (sent.mode === "edit" && overtaken(result)) await editOvertaken(sent, result);
    else error.textContent = errorText(result);
  } finally {
    saving = submit.disabled = false;
  }
}

function saved(stored, startedAt) {
  const claim = fromApi(stored);
  store(claim);
  forgetSelection();
  openClaim(claim.id);
  placeInList(claim);
  afterNextPaint(() => {
    window.annotator.lastSaveMs = performance.now() - startedAt; // pressing save to the highlight on screen
    textElement.focus({ preventScroll: true });
    toast("Saved.");
  });
}

// Runs once the frame showing the current changes has been produced.
function afterNextPaint(callback) {
  requestAnimationFrame(() => setTimeout(callback, 0));
}

function fromApi(claim) {
  return {
    id: claim.id,
    start: claim.start,
    end: claim.end,
    kind: claim.kind,
    status: claim.status,
    origin: claim.origin,
    source: claim.source,
    cue: claim.cue ? [claim.cue.start, claim.cue.end] : null,
    mentions: claim.mentions.map((mention) => [mention.start, mention.end, mention.source]),
    via: claim.via,
    by: claim.created_by,
    version: claim.version,
  };
}

function store(claim) {
  highlighter.removeClaim(claim.id);
  claims.set(claim.id, claim);
  highlighter.addClaim(claim);
}

// Acting on a claim ---------------------------------------------------------------------------------

async function changeClaim(claim, path, body, message) {
  const result = await api(path, { method: "POST", body });
  if (overtaken(result)) return actionOvertaken(claim, result);
  if (!result.ok) return toast(errorText(result), { error: true });
  const changed = fromApi(result.data);
  store(changed);
  openClaim(changed.id);
  placeInList(changed);
  toast(message);
}

function acceptSuggestion(claim) {
  return changeClaim(claim, `/api/claims/${claim.id}/accept/`, { version: claim.version }, "Accepted: it is now your pending claim.");
}

function rejectSuggestion(claim) {
  const body = { verdict: "reject", comment: "", version: claim.version };
  return changeClaim(claim, `/api/claims/${claim.id}/review/`, body, "Suggestion rejected.");
}

function confirmDelete(claim) {
  const confirm = actionButton("Yes, delete it", () => deleteClaim(claim), "danger");
  panel.append(element("p", { className: "confirm" }, "Delete this claim? ", confirm, actionButton("Keep it", () => openClaim(claim.id))));
  confirm.focus();
}

async function deleteClaim(claim) {
  const result = await api(`/api/claims/${claim.id}/?version=${claim.version}`, { method: "DELETE" });
  if (overtaken(result)) return deleteOvertaken(claim, result);
  if (!result.ok) return toast(errorText(result), { error: true });
  dropClaim(claim.id);
  closePanel();
  toast("Deleted.");
}

// A claim that moved on ------------------------------------------------------------------------------
// Another tab or person changed, decided or deleted the claim after this page read it. The API
// refuses a change or delete of an older version with 409 and the claim as it now stands
// (`current`), or 404 once it is gone; the page takes that state instead of asking for a reload.

const ELSEWHERE = "by someone else, or by you in another tab";

// What an edit can change, each as plain data, comparable between a claim and a draft.
const FIELDS = ["span", "source", "kind", "cue", "mentions", "via"];
const FIELD_NAMES = {
  span: "the words",
  source: "the source",
  kind: "the attribution",
  cue: "the cue",
  mentions: "the mentions",
  via: "the relay chain",
};

function claimFields(claim) {
  return {
    span: [claim.start, claim.end],
    source: claim.source,
    kind: claim.kind,
    cue: claim.cue,
    mentions: claim.mentions.map(([start, end]) => [start, end]),
    via: [...claim.via],
  };
}

function draftFields(draft) {
  return {
    span: draft.span,
    source: draft.source?.id ?? null,
    kind: draft.kind,
    cue: draft.cue,
    mentions: draft.mentions.map(([start, end]) => [start, end]),
    via: draft.via.map((source) => source.id),
  };
}

function same(one, other) {
  return JSON.stringify(one) === JSON.stringify(other);
}

function fieldText(field, value) {
  if (field === "span") return `“${slice(...value)}”`;
  if (field === "source") return sourceName(value);
  if (field === "kind") return kindLabels.get(value);
  if (field === "cue") return value ? `“${slice(...value)}”` : "none";
  if (field === "mentions") return value.map(([start, end]) => `“${slice(start, end)}”`).join(", ") || "none";
  return value.map(sourceName).join(" → ") || "none";
}

// "the kind", "the kind and the cue", "the source, the kind and the cue"
function fieldList(fields) {
  const names = fields.map((field) => FIELD_NAMES[field]);
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0];
}

// Deleted (404), or changed or decided (409 with the claim as it stands).
function overtaken(result) {
  return result.status === 404 || (result.status === 409 && Boolean(result.data?.current));
}

// A box of sentences (and buttons) saying what happened to the claim and what happens now.
function notice(lines, ...more) {
  return element("div", { className: "notice" }, ...lines.map((line) => element("p", { textContent: line })), ...more);
}

// Under the open claim's heading, where it is read first.
function showNotice(box) {
  box.setAttribute("role", "alert");
  panel.querySelector("h2").after(box);
}

// Sources the page has not seen (another person picked or created them) are looked up by id.
async function learnSources(claim) {
  const ids = [claim.source, ...claim.via, ...claim.mentions.map((mention) => mention[2])];
  const unknown = [...new Set(ids)].filter((id) => id != null && !sources.has(id));
  const found = await Promise.all(unknown.map((id) => api(`/api/sources/${id}/`)));
  for (const result of found) if (result.ok) remember(result.data);
}

// The claim as the API now has it replaces the page's copy: its highlight and list entry too.
async function takeCurrent(current) {
  const claim = fromApi(current);
  await learnSources(claim);
  store(claim);
  placeInList(claim);
  return claim;
}

function dropClaim(id) {
  const claim = claims.get(id);
  if (!claim) return;
  claims.delete(id);
  highlighter.removeClaim(id);
  placeInList(claim);
}

// Their version into the draft, field by field: what only they changed is taken, what only the
// user changed stays, and a field both changed differently keeps the user's value and is named.
function mergeTheirs(theirs) {
  const base = draft.base;
  const mine = draftFields(draft);
  const next = claimFields(theirs);
  const taken = [];
  const clashes = [];
  for (const field of FIELDS) {
    if (same(next[field], base[field]) || same(next[field], mine[field])) continue;
    if (same(mine[field], base[field])) {
      takeField(field, next[field]);
      taken.push(field);
    } else {
      clashes.push(field);
    }
  }
  draft.base = next;
  draft.version = theirs.version;
  return { taken, clashes, next };
}

function takeField(field, value) {
  if (field === "source") draft.source = { id: value, ...sources.get(value) };
  else if (field === "via") draft.via = value.map((id) => ({ id, ...sources.get(id) }));
  else if (field === "mentions") draft.mentions = value.map((mention) => [...mention]);
  else draft[field] = field === "span" ? [...value] : value;
}

// Saving an edit found the claim moved on. Still pending: the draft stays, with their changes
// merged in, to be saved on top of the new version or dropped. Decided: nothing more changes it.
// Deleted: the draft stays, to be saved as a new claim or dropped.
async function editOvertaken(sent, result) {
  const current = result.status === 409 ? result.data.current : null;
  const claim = current ? await takeCurrent(current) : null;
  if (!claim) dropClaim(sent.id);
  if (draft !== sent) return toast(`Claim ${sent.id} had changed meanwhile: your edit was not saved.`, { error: true });
  if (claim && claim.version === sent.version && claim.status === sent.status) {
    document.getElementById("form-error").textContent = errorText(result); // not a newer version: some other refusal
  } else if (!claim) {
    editedClaimDeleted(sent.id);
  } else if (claim.status !== sent.status) {
    editedClaimDecided(claim);
  } else {
    editedClaimChanged(claim);
  }
}

function editedClaimChanged(claim) {
  const { taken, clashes, next } = mergeTheirs(claim);
  const theirs = taken.length > 1 ? "Their changes to" : "Their change to";
  const lines = [
    `Claim ${claim.id} was changed while you were editing it (${ELSEWHERE}).`,
    `It is now at version ${claim.version}; its highlight and list entry show it as it stands.`,
    ...(taken.length ? [`${theirs} ${fieldList(taken)} ${taken.length > 1 ? "are" : "is"} now in your draft.`] : []),
    ...clashes.map((field) => `You both changed ${FIELD_NAMES[field]}: your draft keeps yours; theirs is ${fieldText(field, next[field])}.`),
    `Save (Ctrl+Enter) applies your draft to version ${claim.version}; Cancel (Esc) drops your changes and keeps theirs.`,
  ];
  draft.notice = { lines, said: false };
  renderForm();
  textElement.focus({ preventScroll: true });
}

function editedClaimDecided(claim) {
  draft = null;
  openClaim(claim.id);
  showNotice(notice([
    `Claim ${claim.id} was ${claim.status} while you were editing it: your edit was not saved.`,
    `It is shown here as it stands (version ${claim.version}).`,
  ]));
  textElement.focus({ preventScroll: true });
}

function editedClaimDeleted(id) {
  Object.assign(draft, { mode: "new", id: undefined, version: undefined, status: undefined, base: undefined });
  const lines = [
    `Claim ${id} was deleted while you were editing it (${ELSEWHERE}); it is gone from this page too.`,
    "Your draft is still here: Save (Ctrl+Enter) adds it as a new claim; Cancel (Esc) drops it.",
  ];
  draft.notice = { lines, said: false };
  renderForm();
  textElement.focus({ preventScroll: true });
}

// Deleting found the claim moved on: nothing was deleted. Still pending, it is shown as it now
// stands and the user is asked again; decided, it stays on record; gone, the page lets it go.
async function deleteOvertaken(seen, result) {
  if (result.status === 404) return claimGone(seen, "had already been deleted");
  const claim = await takeCurrent(result.data.current);
  if (claim.version === seen.version) return toast(errorText(result), { error: true }); // not newer: e.g. reviewed before
  openClaim(claim.id);
  if (claim.status !== "pending") {
    showNotice(notice([`Claim ${claim.id} was ${claim.status} since you opened it, so it stays on record: nothing was deleted.`]));
    return;
  }
  const [before, now] = [claimFields(seen), claimFields(claim)];
  const changed = FIELDS.filter((field) => !same(before[field], now[field]));
  const again = actionButton("Yes, delete it", () => deleteClaim(claim), "danger");
  const keep = actionButton("Keep it", () => openClaim(claim.id));
  showNotice(notice([
    `Claim ${claim.id} was changed since you opened it (${ELSEWHERE}), so nothing was deleted.`,
    `It is now at version ${claim.version}${changed.length ? ` (${fieldList(changed)} changed)` : ""}, shown here as it stands.`,
  ], element("p", { className: "confirm" }, "Delete it as it stands now? ", again, keep)));
  keep.focus(); // Enter keeps it: deleting what one has not seen takes a deliberate choice
}

// Accepting or rejecting a suggestion found it moved on: it is shown as it stands, nothing done.
async function actionOvertaken(seen, result) {
  if (result.status === 404) return claimGone(seen, "was deleted or replaced meanwhile");
  const claim = await takeCurrent(result.data.current);
  openClaim(claim.id);
  if (claim.version === seen.version) return toast(errorText(result), { error: true }); // not newer: some other refusal
  const now = `now ${claim.status}, version ${claim.version}`;
  toast(`Claim ${claim.id} changed meanwhile (${now}): nothing was done; it is shown as it stands.`, { error: true });
}

function claimGone(seen, what) {
  dropClaim(seen.id);
  if (opened === seen.id) closePanel();
  toast(`Claim ${seen.id} ${what} (${ELSEWHERE}): it is gone from this page too.`);
}

// The machine's suggestions: replace the unreviewed ones, then reload to draw what is stored.
const SUGGEST_NOTE = "annotator.suggested";

async function suggestClaims() {
  const button = document.getElementById("suggest-claims");
  if (!button) return toast(SETTLED, { error: true });
  if (button.disabled) return;
  if (draft) return toast("Save or close the claim you are writing first.", { error: true });
  button.disabled = true;
  const result = await api(`/api/documents/${data.document.id}/suggest/`, { method: "POST" });
  if (!result.ok) {
    button.disabled = false;
    return toast(errorText(result), { error: true });
  }
  if (result.status === 202) return awaitSuggestionJob(result.data, button);
  const { created, replaced, skipped, mode } = result.data;
  const claimsWord = created === 1 ? "claim" : "claims";
  sessionStorage.setItem(SUGGEST_NOTE, `${created} ${claimsWord} suggested (${mode}); ${replaced} replaced, ${skipped} skipped.`);
  location.reload();
}

// A long article is suggested by a job: its progress is followed here until it ends.
const JOB_POLL_MS = 1000;

async function awaitSuggestionJob(job, button) {
  toast(`A long article: the suggestions are made by job ${job.id}; this page reloads when it ends.`);
  while (job.status === "queued" || job.status === "running") {
    await new Promise((resolve) => setTimeout(resolve, JOB_POLL_MS));
    const polled = await api(`/api/jobs/${job.id}/`);
    if (!polled.ok) break;
    job = polled.data;
  }
  if (job.status !== "succeeded") {
    button.disabled = false;
    return toast(`Job ${job.id} ${job.status}${job.error ? `: ${job.error}` : ""}.`, { error: true });
  }
  const { created, replaced, skipped, mode } = job.result;
  sessionStorage.setItem(SUGGEST_NOTE, `${created} suggested (${mode}) by job ${job.id}; ${replaced} replaced, ${skipped} skipped.`);
  location.reload();
}

document.getElementById("suggest-claims")?.addEventListener("click", suggestClaims);

function step(direction) {
  const ordered = sortedClaims();
  if (!ordered.length) return;
  const index = ordered.findIndex((claim) => claim.id === opened);
  const next = index === -1 ? (direction > 0 ? 0 : ordered.length - 1) : (index + direction + ordered.length) % ordered.length;
  openClaim(ordered[next].id, { scroll: true });
}

function withOpened(action) {
  return () => {
    const claim = claims.get(opened);
    if (claim) action(claim);
  };
}

// Keys ------------------------------------------------------------------------------------------------

const key = (name, { ctrl = false } = {}) => (event) =>
  event.key === name && (event.ctrlKey || event.metaKey) === ctrl && !event.altKey;

bindKeys([
  { label: "← →", description: "Select the next or previous word or punctuation mark (in the text)", matches: () => false, run() {} },
  { label: "Shift+← Shift+→", description: "Extend the selection by a word or punctuation mark", matches: () => false, run() {} },
  { label: "s", description: "Select the sentence around the selection", matches: key("s"), run: selectSentence },
  { label: "Enter", description: "Start a claim from the selected words (in the text)",
    matches: (event) => key("Enter")(event) && event.target === textElement, run: newClaim },
  { label: "n", description: "Start a claim from the selected words", matches: key("n"), run: newClaim },
  { label: "w", description: "Make the selected words the claim's own, keeping the rest of the form", matches: key("w"), run: setWords },
  { label: "c", description: "Make the selected words the claim's cue", matches: key("c"), run: setCue },
  { label: "m", description: "Add the selected words as a mention of the source", matches: key("m"), run: addMention },
  { label: "Ctrl+Enter", description: "Save the claim", matches: key("Enter", { ctrl: true }), run: saveDraft, inFields: true },
  { label: "Esc", description: "Back to the text; again to close the panel", inFields: true,
    matches: key("Escape"),
    run() {
      if (draft && document.activeElement !== textElement) textElement.focus({ preventScroll: true });
      else closePanel();
    } },
  { label: "j k", description: "Open the next or previous claim", matches: (e) => key("j")(e) || key("k")(e), run: (e) => step(e.key === "j" ? 1 : -1) },
  { label: "e", description: "Edit the open claim (yours, pending), or revise it if rejected", matches: key("e"), run: withOpened((c) => mayChange(c) && editClaim(c)) },
  { label: "d", description: "Delete the open claim (yours, pending)", matches: key("d"), run: withOpened((c) => mayChange(c) && c.status === "pending" && confirmDelete(c)) },
  { label: "a", description: "Accept the open machine suggestion", matches: key("a"), run: withOpened((c) => c.status === "suggested" && !data.document.adjudicated && acceptSuggestion(c)) },
  { label: "x", description: "Reject the open machine suggestion", matches: key("x"), run: withOpened((c) => c.status === "suggested" && rejectSuggestion(c)) },
  { label: "g", description: "Suggest claims: the machine's new suggestions replace its unreviewed ones", matches: key("g"), run: suggestClaims },
  { label: "1–5", description: "Attribution kind of the claim being written",
    matches: (event) => draft !== null && /^[1-5]$/.test(event.key) && !event.ctrlKey,
    run(event) {
      draft.kind = data.kinds[Number(event.key) - 1][0];
      document.getElementById("claim-kind").value = draft.kind;
    } },
]);

// Start ---------------------------------------------------------------------------------------------------

highlighter.window = [0, 2 * WINDOW_MARGIN]; // the page opens at the top; measured after the first paint
highlighter.drawClaims(sortedClaims());
renderList();
window.annotator = { readyAt: performance.now(), lastSaveMs: null };
document.body.dataset.ready = "true";
if (sessionStorage.getItem(SUGGEST_NOTE)) {
  toast(sessionStorage.getItem(SUGGEST_NOTE));
  sessionStorage.removeItem(SUGGEST_NOTE);
}
afterNextPaint(() => {
  // both force a layout: not before the first paint
  textElement.focus({ preventScroll: true });
  updateWindow();
});
