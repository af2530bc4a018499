// One request, live: what was asked, the files (through short-lived URLs from the API), every
// design submitted side by side, and the actions the signed-in role may take in its status.
import { api, page, type Request, type Schemas, unwrap } from "../api/client";
import type { paths } from "../api/schema";
import * as live from "../live";
import type { Session } from "../session";
import { actionButton, actionForm, alertBox, due, field, h, messageOf, show, statusBadge, when } from "../ui";
import { uploadFile } from "../upload";

type FileField = "customerDesignFile" | "customerPreviewImage" | "designerFinalFile" | "designerPreviewImage";
const FILE_LABELS: Record<FileField, string> = {
  customerDesignFile: "Customer's design",
  customerPreviewImage: "Customer's preview",
  designerFinalFile: "Final design",
  designerPreviewImage: "Design preview",
};
const ACTIVE: Request["status"][] = ["pending_designer_review", "in_progress", "awaiting_customer_approval"];

export function requestPage(main: HTMLElement, session: Session, id: string): () => void {
  const heading = h("h1", {}, "Request");
  const status = h("p", { class: "status-line", "aria-live": "polite" });
  const facts = h("dl", { class: "facts" });
  const files = h("section", { class: "card", "aria-labelledby": "files-h" });
  const actions = h("section", { class: "card actions", "aria-labelledby": "actions-h" });
  const revisions = h(
    "section",
    { class: "card", "aria-labelledby": "revisions-h" },
    h("h2", { id: "revisions-h" }, "Designs submitted"),
  );
  const thread = h("section", { class: "card", "aria-labelledby": "thread-h", hidden: true });
  const history = h("section", { class: "card", "aria-labelledby": "history-h" });
  const alert = alertBox();
  show(
    main,
    h("p", {}, h("a", { href: backLink(session) }, "← Back")),
    heading,
    status,
    alert,
    facts,
    actions,
    files,
    revisions,
    thread,
    history,
  );

  let current: Request | null = null;
  let actionsFor = "";
  let stopRevisions: live.Unsubscribe | null = null;
  let stopThread: live.Unsubscribe | null = null;
  const links = new Links(id);
  // The history is the API's (GET /customizations/{id}/events): asked again once per burst of the
  // request's changes, not once per version.
  let participant = false;
  const refetchHistory = live.coalesced(() => renderHistory(history, id, participant));

  function render(r: Request | null): void {
    if (r === null) {
      show(
        main,
        h("h1", {}, "Request not found"),
        h(
          "p",
          {},
          "It does not exist, or it is not yours to see. ",
          h("a", { href: backLink(session) }, "Back"),
        ),
      );
      return;
    }
    if (current && current.version > r.version) return; // an older copy than the one shown
    current = r;
    show(heading, `${r.productName} × ${r.quantity}`);
    show(status, "Status: ", statusBadge(r.status), ` (version ${r.version}, ${when(r.updatedAt)})`);
    show(facts, ...describe(r));
    participant = isParticipant(session, r);
    renderFiles(files, r, participant, links);
    const key = `${r.status}|${r.designerId ?? ""}|${r.version}`;
    if (key !== actionsFor) {
      actionsFor = key;
      renderActions(actions, session, r, render);
      refetchHistory();
    }
    if (participant && stopThread === null) {
      stopThread = startThread(thread, id);
    }
    if (participant && stopRevisions === null) {
      stopRevisions = live.revisions(
        id,
        (items) => renderRevisions(revisions, items, links),
        (e) => {
          revisions.append(h("p", { role: "alert" }, messageOf(e)));
        },
      );
    }
  }

  const stop = live.request(id, render, (error) => (alert.textContent = messageOf(error)));
  return () => {
    stop();
    refetchHistory.stop();
    stopRevisions?.();
    stopThread?.();
  };
}

function backLink(session: Session): string {
  return { customer: "#/requests", designer: "#/queue", admin: "#/admin" }[session.role];
}

function isParticipant(session: Session, r: Request): boolean {
  return (
    session.role === "admin" ||
    (session.role === "customer" && r.customerId === session.uid) ||
    (session.role === "designer" && r.designerId === session.uid)
  );
}

/** A rating as five stars, that many filled. */
function starsOf(stars: number): string {
  return "★".repeat(stars) + "☆".repeat(5 - stars);
}

function describe(r: Request): HTMLElement[] {
  const rows: [string, string | HTMLElement | null | undefined][] = [
    ["Asked by", r.customerName + (r.customerEmail ? ` <${r.customerEmail}>` : "")],
    ["Asked on", when(r.requestedAt)],
    ["Due", r.dueAt ? due(r) : null],
    ["Notes", r.customizationNotes],
    ["Designer", r.designerName ?? "Not claimed yet"],
    ["Given back because", r.status === "pending_designer_review" ? r.releaseReason : null],
    [
      "Changes asked",
      typeof r.revisionLimit === "number" ? `${r.rejectionCount ?? 0} of ${r.revisionLimit}` : null,
    ],
    ["Designer's notes", r.designerNotes],
    ["Last rejection", r.rejectionReason],
    ["Cancelled because", r.cancellationReason],
    ["Order", r.orderId],
    ["Rating", r.rating ? `${starsOf(Number(r.rating.stars))} ${String(r.rating.comment ?? "")}` : null],
  ];
  return rows
    .filter(([, value]) => value)
    .flatMap(([term, value]) => [h("dt", {}, term), h("dd", { "data-fact": term }, value ?? "")]);
}

/** Short-lived URLs from the API, asked for once per file (and again once they expire). */
class Links {
  private readonly cache = new Map<
    string,
    Promise<{ url: string; disposition: string; expiresAt: string }>
  >();
  constructor(private readonly id: string) {}

  get(fieldName: FileField, path: string, revision?: number) {
    const key = `${fieldName}|${path}|${revision ?? ""}`;
    let found = this.cache.get(key);
    if (!found) {
      found = unwrap(
        api.GET("/customizations/{id}/files/{field}/url", {
          params: { path: { id: this.id, field: fieldName }, query: revision ? { revision } : {} },
        }),
      );
      this.cache.set(key, found);
      found
        .then((link) =>
          setTimeout(() => this.cache.delete(key), Date.parse(link.expiresAt) - Date.now() - 30_000),
        )
        .catch(() => this.cache.delete(key));
    }
    return found;
  }
}

function fileView(
  links: Links,
  fieldName: FileField,
  ref: Record<string, unknown>,
  label: string,
  revision?: number,
): HTMLElement {
  const name = String(ref.fileName ?? "file");
  const box = h(
    "figure",
    { class: "file", "data-field": fieldName },
    h("figcaption", {}, `${label}: ${name}`),
  );
  links
    .get(fieldName, String(ref.path), revision)
    .then((link) => {
      if (link.disposition === "inline")
        box.prepend(h("img", { src: link.url, alt: `${label}: ${name}`, class: "preview" }));
      box.append(h("a", { href: link.url, download: name, class: "download" }, `Download ${name}`));
    })
    .catch((error) => box.append(h("span", { class: "error" }, messageOf(error))));
  return box;
}

function renderFiles(section: HTMLElement, r: Request, participant: boolean, links: Links): void {
  const present = (Object.keys(FILE_LABELS) as FileField[]).filter((f) => r[f]);
  const shown = participant
    ? present.map((f) => fileView(links, f, r[f] as Record<string, unknown>, FILE_LABELS[f]))
    : present.map((f) => {
        const name = String((r[f] as Record<string, unknown>).fileName);
        return h("p", {}, `${FILE_LABELS[f]}: ${name} (claim the request to open it)`);
      });
  show(
    section,
    h("h2", { id: "files-h" }, "Files"),
    shown.length ? h("div", { class: "files" }, shown) : h("p", {}, "No files."),
  );
}

function renderRevisions(section: HTMLElement, items: live.Revision[], links: Links): void {
  const cards = items.map((rev) =>
    h(
      "article",
      { class: "revision", "aria-label": `Design ${rev.number}`, "data-revision": rev.number },
      h("h3", {}, `Design ${rev.number}`, h("small", {}, ` ${when(rev.submittedAt)}`)),
      rev.designerPreviewImage
        ? fileView(links, "designerPreviewImage", rev.designerPreviewImage, "Preview", rev.number)
        : null,
      rev.designerFinalFile
        ? fileView(links, "designerFinalFile", rev.designerFinalFile, "Design", rev.number)
        : null,
      rev.designerNotes ? h("p", {}, rev.designerNotes) : null,
      rev.rejectionReason
        ? h("p", { class: "verdict rejected" }, `Sent back: ${rev.rejectionReason}`)
        : rev.approvedAt
          ? h("p", { class: "verdict approved" }, "Approved")
          : h("p", { class: "verdict" }, "Waiting for the customer"),
    ),
  );
  show(
    section,
    h("h2", { id: "revisions-h" }, "Designs submitted"),
    cards.length ? h("div", { class: "revisions" }, cards) : h("p", {}, "None yet."),
  );
}

async function renderHistory(section: HTMLElement, id: string, participant: boolean): Promise<void> {
  if (!participant) {
    section.hidden = true;
    return;
  }
  try {
    const { items } = await page(api.GET("/customizations/{id}/events", { params: { path: { id } } }));
    show(
      section,
      h("h2", { id: "history-h" }, "History"),
      h(
        "ol",
        { class: "history" },
        items.map((e) => h("li", {}, `${when(e.at)}: ${e.event.replace(/^customization\./, "")}`)),
      ),
    );
  } catch (error) {
    show(section, h("h2", { id: "history-h" }, "History"), h("p", { role: "alert" }, messageOf(error)));
  }
}

type Body = paths["/customizations/{id}"]["patch"]["requestBody"]["content"]["application/json"];

function renderActions(
  section: HTMLElement,
  session: Session,
  r: Request,
  render: (r: Request) => void,
): void {
  const act = async (body: Body) =>
    render(
      await unwrap(
        api.PATCH("/customizations/{id}", {
          params: { path: { id: r.id }, header: { "If-Match": String(r.version) } },
          body,
        }),
      ),
    );
  const parts: HTMLElement[] = [];
  const mine = session.role === "customer" && r.customerId === session.uid;
  const admin = session.role === "admin";
  if (mine && r.status === "awaiting_customer_approval") {
    const alert = alertBox();
    parts.push(
      h(
        "div",
        { class: "group" },
        actionButton("Approve this design", alert, () => act({ action: "approve" }), "primary"),
        alert,
      ),
    );
    parts.push(
      reasonForm("Send it back", "What should change?", true, (reason) => act({ action: "reject", reason })),
    );
  }
  if (session.role === "designer" && r.status === "pending_designer_review") {
    const alert = alertBox();
    parts.push(
      h(
        "div",
        { class: "group" },
        actionButton("Claim this request", alert, () => act({ action: "assign" }), "primary"),
        alert,
      ),
    );
  }
  if (session.role === "designer" && r.status === "in_progress" && r.designerId === session.uid) {
    parts.push(submitForm(act));
    parts.push(
      reasonForm("Give it back to the queue", "Why are you giving it back?", true, (reason) =>
        act({ action: "release", reason }),
      ),
    );
  }
  if (admin && r.status === "in_progress") {
    parts.push(reassignForm(r, act));
  }
  if (admin && ACTIVE.includes(r.status)) {
    const alert = alertBox();
    const used =
      typeof r.revisionLimit === "number" ? ` (${r.rejectionCount ?? 0} of ${r.revisionLimit} used)` : "";
    parts.push(
      h(
        "div",
        { class: "group" },
        h("p", {}, `Rounds of changes the customer may ask for${used}.`),
        actionButton("Allow one more round of changes", alert, () =>
          act({ action: "allowRevision", rounds: 1 }),
        ),
        alert,
      ),
    );
  }
  if (admin && r.status === "approved") {
    const alert = alertBox();
    const input = h("input", { name: "orderId", required: true, pattern: "[A-Za-z0-9_-]+", maxlength: 128 });
    parts.push(
      actionForm(
        h(
          "form",
          { class: "group" },
          field("Order id", input, "Letters, digits, - and _"),
          alert,
          h("button", { type: "submit", class: "primary" }, "Complete with this order"),
        ),
        alert,
        (data) => act({ action: "complete", orderId: String(data.get("orderId")) }),
      ),
    );
  }
  if (mine && (r.status === "approved" || r.status === "completed")) {
    parts.push(rateForm(r, act));
  }
  if ((mine || admin) && ACTIVE.includes(r.status)) {
    parts.push(
      reasonForm("Cancel the request", "Why (optional)", false, (reason) =>
        act({ action: "cancel", reason: reason || null }),
      ),
    );
  }
  show(
    section,
    h("h2", { id: "actions-h" }, "What you can do"),
    parts.length ? parts : h("p", {}, "Nothing for you to do here now."),
  );
}

function reasonForm(
  label: string,
  question: string,
  required: boolean,
  send: (reason: string) => Promise<void>,
): HTMLElement {
  const alert = alertBox();
  const text = h("textarea", { name: "reason", rows: 2, maxlength: 2000, required });
  return actionForm(
    h("form", { class: "group" }, field(question, text), alert, h("button", { type: "submit" }, label)),
    alert,
    (data) => send(String(data.get("reason") ?? "")),
  );
}

/** An admin hands an in-progress request to another designer, chosen from the workload list
 * (least loaded first, each with how much they hold). */
function reassignForm(r: Request, act: (body: Body) => Promise<void>): HTMLElement {
  const alert = alertBox();
  const designer = h(
    "select",
    { name: "designerId", required: true },
    h("option", { value: "" }, "Loading designers…"),
  );
  void page(api.GET("/customizations/workload", { params: { query: { limit: 100 } } }) as never)
    .then(({ items }) => {
      const others = (items as Schemas["Workload"][]).filter((w) => w.designerId !== r.designerId);
      show(
        designer,
        others.length === 0
          ? h("option", { value: "" }, "No other designer yet")
          : others.map((w) =>
              h("option", { value: w.designerId }, `${w.designerName ?? w.designerId} (${w.active} active)`),
            ),
      );
    })
    .catch((error) => (alert.textContent = messageOf(error)));
  return actionForm(
    h(
      "form",
      { class: "group" },
      field("Hand it to", designer),
      alert,
      h("button", { type: "submit" }, "Reassign"),
    ),
    alert,
    (data) => act({ action: "reassign", designerId: String(data.get("designerId")) }),
  );
}

function submitForm(act: (body: Body) => Promise<void>): HTMLElement {
  const alert = alertBox();
  const final = h("input", {
    type: "file",
    name: "final",
    required: true,
    accept: ".png,.jpg,.jpeg,.webp,.gif,.pdf,.ai,.psd,.svg",
  });
  const preview = h("input", { type: "file", name: "preview", accept: ".png,.jpg,.jpeg,.webp,.gif" });
  const bar = h("progress", { max: 100, value: 0, "aria-label": "Upload progress", hidden: true });
  const notes = h("textarea", { name: "notes", rows: 3, maxlength: 5000 });
  const form = h(
    "form",
    { class: "group" },
    h("h3", {}, "Submit a design"),
    field("Final design", final),
    field("Preview image (shown to the customer)", preview),
    field("Notes for the customer", notes),
    bar,
    alert,
    h("button", { type: "submit", class: "primary" }, "Submit for approval"),
  );
  return actionForm(form, alert, async (data) => {
    const finalFile = final.files?.[0];
    if (!finalFile) throw new Error("Choose the final design file.");
    const previewFile = preview.files?.[0];
    const total = finalFile.size + (previewFile?.size ?? 0);
    bar.hidden = false;
    const designerFinalFile = await uploadFile(
      finalFile,
      "designer_final",
      (sent) => (bar.value = (100 * sent) / total),
    );
    const designerPreviewImage = previewFile
      ? await uploadFile(
          previewFile,
          "preview",
          (sent) => (bar.value = (100 * (finalFile.size + sent)) / total),
        )
      : null;
    bar.value = 100;
    await act({
      action: "uploadFinal",
      designerFinalFile,
      designerPreviewImage,
      designerNotes: String(data.get("notes") ?? "") || null,
    });
  });
}

function rateForm(r: Request, act: (body: Body) => Promise<void>): HTMLElement {
  const alert = alertBox();
  const current = Number(r.rating?.stars ?? 5);
  const stars = h(
    "select",
    { name: "stars" },
    [5, 4, 3, 2, 1].map((n) => h("option", { value: n, selected: n === current }, `${n} of 5`)),
  );
  const comment = h(
    "textarea",
    { name: "comment", rows: 2, maxlength: 1000 },
    String(r.rating?.comment ?? ""),
  );
  return actionForm(
    h(
      "form",
      { class: "group" },
      h("h3", {}, r.rating ? "Change your rating" : "Rate the design"),
      field("Stars", stars),
      field("A word about it (optional)", comment),
      alert,
      h("button", { type: "submit" }, r.rating ? "Change the rating" : "Send the rating"),
    ),
    alert,
    (data) =>
      act({
        action: "rate",
        stars: Number(data.get("stars")),
        comment: String(data.get("comment") ?? "") || null,
      }),
  );
}

/** The request's conversation, live, and a form to add to it; what is shown is marked read. */
function startThread(section: HTMLElement, id: string): live.Unsubscribe {
  section.hidden = false;
  const list = h("ol", { class: "thread" });
  const alert = alertBox();
  const text = h("textarea", { name: "text", rows: 2, maxlength: 2000, required: true });
  const form = actionForm(
    h(
      "form",
      { class: "group" },
      field("Your message", text),
      alert,
      h("button", { type: "submit" }, "Send message"),
    ),
    alert,
    async (data) => {
      await unwrap(
        api.POST("/customizations/{id}/messages", {
          params: { path: { id } },
          body: { text: String(data.get("text")) },
        }),
      );
      form.reset();
    },
  );
  show(section, h("h2", { id: "thread-h" }, "Messages"), list, form);
  let seen = -1;
  return live.messages(
    id,
    (items) => {
      show(
        list,
        items.length === 0
          ? h("li", { class: "empty" }, "No messages yet.")
          : items.map((m) =>
              h(
                "li",
                { "data-seq": m.seq },
                h("strong", {}, `${m.authorName} (${m.authorRole})`),
                h("small", {}, ` ${when(m.createdAt)}`),
                h("p", {}, m.text),
              ),
            ),
      );
      const last = items.at(-1)?.seq ?? -1;
      if (last > seen) {
        seen = last;
        void api
          .POST("/customizations/{id}/messages/read", { params: { path: { id } } })
          .catch(() => undefined);
      }
    },
    (error) => (alert.textContent = messageOf(error)),
  );
}
