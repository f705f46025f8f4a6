// Requests to the API with the page's CSRF token, bodies as JSON (or FormData, for files);
// errors come back as data, not throws.
const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content ?? "";

export async function api(path, { method = "GET", body } = {}) {
  const json = body !== undefined && !(body instanceof FormData); // FormData sets its own type
  const response = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: {
      Accept: "application/json",
      ...(json ? { "Content-Type": "application/json" } : {}),
      ...(method === "GET" ? {} : { "X-CSRFToken": csrfToken }),
    },
    body: json ? JSON.stringify(body) : body,
  });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  return { ok: response.ok, status: response.status, data };
}

// One readable line from an API error body: {"field": ["message"]} or {"detail": "..."}.
export function errorText(result) {
  const data = result.data;
  if (!data) return `Request failed (${result.status}).`;
  if (typeof data.detail === "string") return data.detail;
  return Object.entries(data)
    .map(([field, messages]) => `${field}: ${[].concat(messages).map(flatten).join(" ")}`)
    .join("; ");
}

function flatten(message) {
  return typeof message === "string" ? message : JSON.stringify(message);
}

export function toast(message, { error = false } = {}) {
  const note = document.createElement("div");
  note.className = error ? "toast error" : "toast";
  note.setAttribute("role", error ? "alert" : "status");
  note.textContent = message;
  document.body.append(note);
  setTimeout(() => note.remove(), error ? 6000 : 2500);
}
