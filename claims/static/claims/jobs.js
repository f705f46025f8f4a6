// The project page's background jobs: start one (suggestions over every document, an export to
// a file) and follow the project's recent jobs, polling while any is queued or running.
import { api, errorText, toast } from "./api.js";

const section = document.querySelector("section.jobs");
const list = document.getElementById("job-list");
const project = Number(section.dataset.project);
const POLL_MS = 1000;
const LABELS = { import_documents: "Import", suggest_project: "Suggestions", export_project: "Export" };

let polling = null;
// Jobs started or seen running while this page is open: once one that changes the documents
// succeeds, the table above is out of date, and its outcome offers a reload.
const followed = new Set();
const CHANGE_DOCUMENTS = new Set(["import_documents", "suggest_project"]);

function element(tag, properties = {}, ...children) {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}

function outcome(job) {
  if (job.status === "failed") return element("span", { className: "error", textContent: job.error });
  if (job.status !== "succeeded") return "";
  const result = job.result;
  switch (job.kind) {
    case "suggest_project":
      return withReload(job, `${result.created} suggestions over ${result.documents} documents (${result.mode}), ${result.new_sources} new sources for review`);
    case "import_documents":
      return withReload(job, `${result.imported} new, ${result.already_present} already present, ${result.skipped.length} files skipped`);
    case "export_project":
      return exportOutcome(job);
    default:
      return "";
  }
}

// What a job was asked to cover, when it is less than the whole project or a file's format.
// A source or document deleted since keeps its number.
function scope(job) {
  const { format, status = [], source, document: documentId } = job.parameters;
  const names = job.parameter_names;
  const parts = [
    ...(format ? [format] : []),
    ...(status.length ? [status.join(" or ")] : []),
    ...(source != null ? [`source ${names.source ? `“${names.source}”` : `#${source}`}`] : []),
    ...(documentId != null ? [`document ${names.document ? `“${names.document}”` : `#${documentId}`}`] : []),
  ];
  return parts.length ? element("span", { className: "job-scope muted", textContent: ` · ${parts.join(", ")}` }) : "";
}

// The file, as a link for those who may have it (not annotators of a blind project).
function exportOutcome(job) {
  const file = `${job.result.file} (${Math.ceil(job.result.bytes / 1024)} kB)`;
  if (!job.download) return `${file}, for reviewers and managers of this blind project`;
  return element("a", { href: job.download, textContent: `Download ${file}` });
}

function withReload(job, summary) {
  if (!followed.has(job.id) || !CHANGE_DOCUMENTS.has(job.kind)) return summary;
  const reload = element("a", { href: location.pathname + location.search, textContent: "reload to see them in the list" });
  return element("span", {}, `${summary} · `, reload);
}

function jobItem(job) {
  const bar = element("progress", { max: Math.max(job.total, 1), value: job.status === "succeeded" ? Math.max(job.total, 1) : job.done });
  bar.setAttribute("aria-label", `${LABELS[job.kind]} ${job.id} progress`);
  const item = element(
    "li",
    { className: `job job-${job.status}` },
    element("span", { className: "job-kind", textContent: `${LABELS[job.kind] ?? job.kind} #${job.id}` }),
    " ",
    element("span", { className: "job-status", textContent: job.status }),
    " ",
    bar,
    " ",
    element("span", { className: "job-count muted", textContent: `${job.done}/${job.total}` }),
    " ",
    element("span", { className: "muted", textContent: `by ${job.created_by ?? "a command"}` }),
    scope(job),
    element("div", { className: "job-outcome" }, outcome(job)),
  );
  item.dataset.id = job.id;
  return item;
}

async function refresh() {
  const result = await api(`/api/jobs/?project=${project}`);
  if (!result.ok) {
    toast(errorText(result), { error: true });
    return;
  }
  const jobs = result.data.results.slice(0, 8);
  const running = jobs.filter((job) => job.status === "queued" || job.status === "running");
  for (const job of running) followed.add(job.id);
  list.replaceChildren(...jobs.map(jobItem));
  const active = running.length > 0;
  clearTimeout(polling);
  polling = active ? setTimeout(refresh, POLL_MS) : null;
}

async function start(kind) {
  const body = { project, kind };
  if (kind === "export_project") body.format = section.querySelector("select[name=format]").value;
  const result = await api("/api/jobs/", { method: "POST", body });
  if (!result.ok) {
    toast(errorText(result), { error: true });
    return;
  }
  followed.add(result.data.id);
  toast(`${LABELS[kind]} job #${result.data.id} started`);
  refresh();
}

for (const button of section.querySelectorAll("button[data-kind]")) {
  button.addEventListener("click", () => start(button.dataset.kind));
}
refresh();
