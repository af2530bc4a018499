// The designer's page: the queue of waiting requests live (oldest first), their own work live, and
// their workload.
import { type Request, api, unwrap } from "../api/client";
import * as live from "../live";
import type { Page } from "../session";
import { actionButton, alertBox, h, messageOf, show, statusBadge, table, when } from "../ui";

export const designerQueue: Page = (main, session) => {
  const queueBox = h("div", {}, h("p", {}, "Loading…"));
  const workBox = h("div", {}, h("p", {}, "Loading…"));
  const loadBox = h("div", {});
  const alert = alertBox();
  show(
    main,
    h("h1", {}, "Queue and my work"),
    alert,
    h("section", { class: "card", "aria-labelledby": "queue-h" }, h("h2", { id: "queue-h" }, "Waiting for a designer"), queueBox),
    h("section", { class: "card", "aria-labelledby": "work-h" }, h("h2", { id: "work-h" }, "My work"), workBox),
    h("section", { class: "card", "aria-labelledby": "load-h" }, h("h2", { id: "load-h" }, "My workload"), loadBox),
  );
  const fail = (error: Error) => (alert.textContent = messageOf(error));
  const open = (r: Request) =>
    h("a", { href: `#/requests/${encodeURIComponent(r.id)}` }, "Open", h("span", { class: "sr-only" }, ` ${r.productName} for ${r.customerName}`));

  const stopQueue = live.queue((items) => {
    show(
      queueBox,
      items.length === 0
        ? h("p", {}, "Nothing is waiting. New requests appear here as they come.")
        : table(
            "Requests waiting, oldest first",
            ["Product", "Quantity", "Asked by", "Waiting since", "Notes", ""],
            items.map((r) => {
              const claimAlert = alertBox();
              const claim = actionButton(`Claim`, claimAlert, async () => {
                await unwrap(
                  api.PATCH("/customizations/{id}", {
                    params: { path: { id: r.id }, header: { "If-Match": String(r.version) } },
                    body: { action: "assign" },
                  }),
                );
                location.hash = `#/requests/${encodeURIComponent(r.id)}`;
              });
              claim.setAttribute("aria-label", `Claim ${r.productName} for ${r.customerName}`);
              return [r.productName, r.quantity, r.customerName, when(r.requestedAt), r.customizationNotes, h("span", {}, open(r), " ", claim, claimAlert)];
            }),
            "queue",
          ),
    );
  }, fail);

  const stopWork = live.assignedTo(session.uid, (items) => {
    show(
      workBox,
      items.length === 0
        ? h("p", {}, "You have no requests yet: claim one from the queue.")
        : table(
            "Requests you claimed, newest first",
            ["Product", "Customer", "Status", "Last change", ""],
            items.map((r) => [r.productName, r.customerName, statusBadge(r.status), when(r.updatedAt), open(r)]),
            "work",
          ),
    );
    void workload(loadBox);
  }, fail);

  return () => {
    stopQueue();
    stopWork();
  };
};

async function workload(box: HTMLElement): Promise<void> {
  try {
    const load = await unwrap(api.GET("/customizations/workload"));
    const mine = Array.isArray(load) ? load[0] : load;
    if (!mine) return;
    show(
      box,
      table("Your load", ["Active", "In progress", "Awaiting approval", "Completed in all", "Average hours to approval"], [
        [mine.active, mine.inProgress, mine.awaitingApproval, mine.completedTotal, mine.averageCompletionHours?.toFixed(1) ?? "—"],
      ]),
    );
  } catch (error) {
    show(box, h("p", { role: "alert" }, messageOf(error)));
  }
}
