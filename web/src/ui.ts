// Small DOM helpers: elements from data, actions that disable themselves while in flight and show
// the API's error message, and how times and statuses read.
import { ApiError, type Status } from "./api/client";

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** An element with attributes (`on*` are listeners; false/null/undefined are left out) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2), value);
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** The message to show for an error: the API's own, else a plain one. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong; try again.";
}

/** An alert region for one form or action: where its errors are said. */
export function alertBox(): HTMLParagraphElement {
  return h("p", { class: "error", role: "alert" });
}

/**
 * Runs `work` for a button or form: every control of `scope` is disabled while it runs (so it cannot
 * be sent twice), the alert is cleared first and says the error's message if it fails.
 */
export async function inFlight(
  scope: HTMLElement,
  alert: HTMLElement,
  work: () => Promise<void>,
): Promise<void> {
  const controls = [scope, ...scope.querySelectorAll("button, input, select, textarea")].filter(
    (el): el is HTMLButtonElement => "disabled" in el && !(el as HTMLButtonElement).disabled,
  );
  for (const el of controls) el.disabled = true;
  scope.setAttribute("aria-busy", "true");
  alert.textContent = "";
  try {
    await work();
  } catch (error) {
    alert.textContent = messageOf(error);
  } finally {
    for (const el of controls) el.disabled = false;
    scope.removeAttribute("aria-busy");
  }
}

/** A button whose click runs `work` in flight. */
export function actionButton(
  label: string,
  alert: HTMLElement,
  work: () => Promise<void>,
  cls = "",
): HTMLButtonElement {
  const button = h("button", { type: "button", class: cls || null }, label);
  button.addEventListener("click", () => void inFlight(button, alert, work));
  return button;
}

/** A form whose submit runs `work(form data)` in flight. */
export function actionForm(
  form: HTMLFormElement,
  alert: HTMLElement,
  work: (data: FormData) => Promise<void>,
): HTMLFormElement {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form); // read before the controls are disabled (disabled ones are left out)
    void inFlight(form, alert, () => work(data));
  });
  return form;
}

export const STATUS_LABELS: Record<Status, string> = {
  pending_designer_review: "Waiting for a designer",
  in_progress: "In progress",
  awaiting_customer_approval: "Awaiting approval",
  approved: "Approved",
  completed: "Completed",
  cancelled: "Cancelled",
};

export function statusBadge(status: Status): HTMLElement {
  return h("span", { class: `badge status-${status}`, "data-status": status }, STATUS_LABELS[status]);
}

/** When the request's current stage is due, with an "Overdue" badge once it is past (the backend
 * marks it: `overdue`); a dash when nothing is owed (approved or closed). */
export function due(r: { dueAt?: string | null; overdue?: boolean | null }): HTMLElement {
  return h(
    "span",
    { class: "due" },
    when(r.dueAt),
    r.overdue ? [" ", h("span", { class: "badge overdue", "data-overdue": "true" }, "Overdue")] : null,
  );
}

export function when(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function bytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(0)} KiB`;
  return `${(size / 1024 / 1024).toFixed(1)} MiB`;
}

/** A labelled field: the label names the control, for screen readers and for clicks. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  const hintEl = hint ? h("small", { id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: id }, label), control, hintEl);
}

/** Replaces the children of a container. */
export function show(container: HTMLElement, ...children: (Child | Child[])[]): void {
  container.replaceChildren();
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    container.append(child instanceof Node ? child : String(child));
  }
}

/** A table with a caption, header cells with scope, and rows of cells. */
export function table(caption: string, headers: string[], rows: Child[][], cls = ""): HTMLTableElement {
  return h(
    "table",
    { class: cls || null },
    h("caption", {}, caption),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        headers.map((name) => h("th", { scope: "col" }, name)),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((cells) =>
        h(
          "tr",
          {},
          cells.map((cell) => h("td", {}, cell)),
        ),
      ),
    ),
  );
}
