// The designer's page: the queue of waiting requests live (oldest first, or most urgent first), their
// own work live, their availability and capacity, and their workload.
import { api, page, type Request, unwrap } from "../api/client";
import * as live from "../live";
import type { Page } from "../session";
import {
  actionButton,
  actionForm,
  alertBox,
  due,
  field,
  h,
  messageOf,
  show,
  statusBadge,
  table,
  when,
} from "../ui";

type Order = "requestedAt" | "dueAt";
const ORDERS: [Order, string][] = [
  ["requestedAt", "Oldest first"],
  ["dueAt", "Most urgent first"],
];
let order: Order = "requestedAt"; // kept while the app runs: a claim and a way back keep the choice

export const designerQueue: Page = (main, session) => {
  const queueBox = h("div", {}, h("p", {}, "Loading…"));
  const workBox = h("div", {}, h("p", {}, "Loading…"));
  const seatBox = h("div", {});
  const loadBox = h("div", {});
  const alert = alertBox();
  // Claim next: the API picks one of the oldest waiting requests for this designer, spreading
  // designers who click at once over different requests (a row's own Claim picks that one).
  const claimNextAlert = alertBox();
  const claimNext = actionButton("Claim next", claimNextAlert, async () => {
    const claimed = await unwrap(api.POST("/customizations/pending/claim"));
    location.hash = `#/requests/${encodeURIComponent(claimed.id)}`;
  });
  claimNext.setAttribute("aria-label", "Claim next waiting request");
  const orderPicker = h(
    "fieldset",
    { class: "order" },
    h("legend", {}, "Order"),
    ORDERS.map(([value, label]) =>
      h(
        "label",
        { class: "check" },
        h("input", { type: "radio", name: "order", value, checked: value === order }),
        label,
      ),
    ),
  );
  show(
    main,
    h("h1", {}, "Queue and my work"),
    alert,
    h(
      "section",
      { class: "card", "aria-labelledby": "queue-h" },
      h("h2", { id: "queue-h" }, "Waiting for a designer"),
      h("p", {}, claimNext, claimNextAlert),
      orderPicker,
      queueBox,
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "work-h" },
      h("h2", { id: "work-h" }, "My work"),
      workBox,
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "seat-h" },
      h("h2", { id: "seat-h" }, "My availability"),
      seatBox,
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "load-h" },
      h("h2", { id: "load-h" }, "My workload"),
      loadBox,
    ),
  );
  const fail = (error: Error) => (alert.textContent = messageOf(error));
  const seat = availability(seatBox);
  const open = (r: Request) =>
    h(
      "a",
      { href: `#/requests/${encodeURIComponent(r.id)}` },
      "Open",
      h("span", { class: "sr-only" }, ` ${r.productName} for ${r.customerName}`),
    );

  function showQueue(items: Request[]): void {
    show(
      queueBox,
      items.length === 0
        ? h("p", {}, "Nothing is waiting. New requests appear here as they come.")
        : table(
            order === "dueAt" ? "Requests waiting, the soonest due first" : "Requests waiting, oldest first",
            ["Product", "Quantity", "Asked by", "Waiting since", "Due", "Notes", ""],
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
              return [
                r.productName,
                r.quantity,
                r.customerName,
                when(r.requestedAt),
                due(r),
                r.customizationNotes,
                h("span", {}, open(r), " ", claim, claimAlert),
              ];
            }),
            "queue",
          ),
    );
  }

  // Oldest first is the listener's own order: its data is shown as it comes. The soonest due first
  // is the API's (GET /customizations/pending?sort=dueAt): a listener in that order would need an
  // index of its own, so the listener only says when the queue changed and the API is asked again,
  // at most once per half second and one fetch at a time, however fast new requests arrive.
  let latest: Request[] = [];
  let asked = 0;
  async function byDue(): Promise<void> {
    const ask = ++asked;
    try {
      const { items } = await page(
        api.GET("/customizations/pending", { params: { query: { sort: "dueAt", limit: 50 } } }),
      );
      if (ask === asked && order === "dueAt") showQueue(items);
    } catch (error) {
      fail(error as Error);
    }
  }
  const refetch = live.coalesced(byDue);
  orderPicker.addEventListener("change", (event) => {
    order = (event.target as HTMLInputElement).value as Order;
    if (order === "requestedAt") showQueue(latest);
    else void byDue();
  });

  const stopQueue = live.queue((items) => {
    latest = items;
    if (order === "requestedAt") showQueue(latest);
    else refetch();
  }, fail);

  // The load and the seat are the API's figures: asked again once per burst of changes to one's work.
  const mine = live.coalesced(async () => {
    await Promise.all([workload(loadBox), seat.refresh()]);
  });
  const stopWork = live.assignedTo(
    session.uid,
    (items) => {
      show(
        workBox,
        items.length === 0
          ? h("p", {}, "You have no requests yet: claim one from the queue.")
          : table(
              "Requests you claimed, newest first",
              ["Product", "Customer", "Status", "Due", "Last change", ""],
              items.map((r) => [
                r.productName,
                r.customerName,
                statusBadge(r.status),
                due(r),
                when(r.updatedAt),
                open(r),
              ]),
              "work",
            ),
      );
      mine();
    },
    fail,
  );

  return () => {
    stopQueue();
    stopWork();
    refetch.stop();
    mine.stop();
  };
};

/** The designer's seat (GET /me): whether routing may give them work, and how much they take at
 * most (claims are held to it too: past it a claim answers 409 CAPACITY_REACHED). The form is drawn
 * once; `refresh` redraws the line that says how much they hold, as their work changes. */
function availability(box: HTMLElement): { refresh: () => Promise<void> } {
  type Seat = { available: boolean; capacity: number; active: number };
  const state = h("p", { role: "status", "data-seat": "" });
  const alert = alertBox();
  const available = h("input", { type: "checkbox", name: "available" });
  const capacity = h("input", { type: "number", name: "capacity", min: 0, required: true });
  let shown: Seat | null = null;
  let saves = 0;
  const say = (seat: Seat, saved = false) => {
    shown = seat;
    const routing = `automatic routing ${seat.available ? "on" : "off"}`;
    const held = `hold ${seat.active} of ${seat.capacity} active requests`;
    state.textContent = `${saved ? "Saved: you" : "You"} ${held}; ${routing}.`;
  };
  const form = actionForm(
    h(
      "form",
      { class: "inline-form", "aria-label": "My availability" },
      h("label", { class: "check" }, available, "Take new work from automatic routing"),
      field("Capacity", capacity, "Active requests at most (0 to 100)"),
      h("button", { type: "submit" }, "Save availability"),
    ),
    alert,
    async () => {
      saves += 1; // a read of the seat already in flight is older than this save: not shown
      const wanted = Number(capacity.value);
      const body = { available: available.checked, capacity: wanted === shown?.capacity ? null : wanted };
      const seat = (await unwrap(api.PATCH("/me", { body: { availability: body } }))).availability;
      if (seat) say(seat, true);
    },
  );
  show(box, state, form, alert);
  // The inputs take the seat as first read, unless the designer has begun to edit them already
  // (the first read may answer after they typed: their value is kept, not written over).
  let drawn = false;
  for (const input of [available, capacity]) input.addEventListener("input", () => (drawn = true));
  return {
    async refresh() {
      try {
        const before = saves;
        const seat = (await unwrap(api.GET("/me"))).availability;
        if (!seat || before !== saves) return;
        say(seat);
        if (!drawn) {
          drawn = true;
          available.checked = seat.available;
          capacity.value = String(seat.capacity);
        }
      } catch (error) {
        alert.textContent = messageOf(error);
      }
    },
  };
}

async function workload(box: HTMLElement): Promise<void> {
  try {
    const load = await unwrap(api.GET("/customizations/workload"));
    const mine = Array.isArray(load) ? load[0] : load;
    if (!mine) return;
    show(
      box,
      table(
        "Your load",
        [
          "Active",
          "In progress",
          "Awaiting approval",
          "Overdue",
          "Completed in all",
          "Average hours to approval",
        ],
        [
          [
            mine.active,
            mine.inProgress,
            mine.awaitingApproval,
            mine.overdue,
            mine.completedTotal,
            mine.averageCompletionHours?.toFixed(1) ?? "—",
          ],
        ],
      ),
    );
  } catch (error) {
    show(box, h("p", { role: "alert" }, messageOf(error)));
  }
}
