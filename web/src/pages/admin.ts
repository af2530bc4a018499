// The admin's pages: every request with filters, the figures as tables and a chart, designers'
// workload; people and their roles; the catalogue.
import { collection, getDocs, limit, orderBy, query } from "firebase/firestore";
import { api, type Product, page, type Schemas, type Status, unwrap } from "../api/client";
import { db } from "../firebase";
import type { Page } from "../session";
import {
  actionButton,
  actionForm,
  alertBox,
  due,
  field,
  h,
  messageOf,
  STATUS_LABELS,
  show,
  statusBadge,
  table,
  when,
} from "../ui";

const STATUSES = Object.keys(STATUS_LABELS) as Status[];

export const adminRequests: Page = (main) => {
  const alert = alertBox();
  const results = h("div", {});
  const figures = h(
    "section",
    { class: "card", "aria-labelledby": "stats-h" },
    h("h2", { id: "stats-h" }, "Figures"),
  );
  const loads = h(
    "section",
    { class: "card", "aria-labelledby": "load-h" },
    h("h2", { id: "load-h" }, "Designers' workload"),
  );
  const status = h(
    "select",
    { name: "status" },
    h("option", { value: "" }, "Any"),
    STATUSES.map((s) => h("option", { value: s }, STATUS_LABELS[s])),
  );
  const filters = h(
    "form",
    { class: "filters", "aria-label": "Filter requests" },
    field("Status", status),
    field("Customer id", h("input", { name: "customerId", pattern: "[A-Za-z0-9_-]+", maxlength: 128 })),
    field("Designer id", h("input", { name: "designerId", pattern: "[A-Za-z0-9_-]+", maxlength: 128 })),
    h(
      "label",
      { class: "check" },
      h("input", { type: "checkbox", name: "overdue", value: "true" }),
      "Overdue only",
    ),
    h("button", { type: "submit" }, "Show"),
  );
  let asked: Record<string, string> = {};
  const load = async (cursor: string | null) => {
    const { items, next } = await page(
      api.GET("/customizations", { params: { query: { ...asked, limit: 20, cursor } } }),
    );
    const more = next ? actionButton("Next page", alert, () => load(next)) : null;
    show(
      results,
      items.length === 0
        ? h("p", {}, "No request matches.")
        : table(
            "Requests, newest first",
            ["Product", "Customer", "Designer", "Status", "Asked on", "Due", ""],
            items.map((r) => [
              r.productName,
              r.customerName,
              r.designerName ?? "—",
              statusBadge(r.status),
              when(r.requestedAt),
              due(r),
              h(
                "a",
                { href: `#/requests/${encodeURIComponent(r.id)}` },
                "Open",
                h("span", { class: "sr-only" }, ` ${r.productName} for ${r.customerName}`),
              ),
            ]),
            "requests",
          ),
      more,
    );
  };
  actionForm(filters, alert, async (data) => {
    asked = Object.fromEntries(
      [...data.entries()].filter(([, v]) => v !== "").map(([k, v]) => [k, String(v)]),
    );
    await load(null);
  });
  show(
    main,
    h("h1", {}, "Requests and figures"),
    h(
      "section",
      { class: "card", "aria-labelledby": "all-h" },
      h("h2", { id: "all-h" }, "All requests"),
      filters,
      alert,
      results,
    ),
    figures,
    loads,
  );
  void load(null).catch((error) => (alert.textContent = messageOf(error)));
  void showFigures(figures);
  void showLoads(loads);
};

async function showFigures(section: HTMLElement): Promise<void> {
  try {
    const stats = await unwrap(api.GET("/customizations/stats"));
    const counts = STATUSES.map((s) => [s, stats.byStatus[s] ?? 0] as const);
    const requests = `${stats.total} request${stats.total === 1 ? "" : "s"}`;
    const pct = (v: number | null | undefined) =>
      v === null || v === undefined ? "—" : `${Math.round(v * 100)}%`;
    const hours = (v: number | null | undefined) =>
      v === null || v === undefined ? "—" : `${v.toFixed(1)} h`;
    section.append(
      h(
        "div",
        { class: "figures" },
        table(
          "Requests by status",
          ["Status", "Requests"],
          counts.map(([s, n]) => [STATUS_LABELS[s], n]),
          "by-status",
        ),
        chart(counts.map(([s, n]) => [STATUS_LABELS[s], n])),
      ),
      table(
        `Rates and times over ${requests} (as of ${when(stats.asOf)})`,
        [
          "Approved",
          "Rejected",
          "Claimed after",
          "Decided after",
          "Approved after",
          "Designs per request",
          "Active designers",
          "Overdue now",
        ],
        [
          [
            pct(stats.approvalRate),
            pct(stats.rejectionRate),
            hours(stats.averageResponseHours),
            hours(stats.averageReviewHours),
            hours(stats.averageCompletionHours),
            stats.revisionsPerRequest?.toFixed(2) ?? "—",
            stats.activeDesigners ?? "—",
            stats.overdue,
          ],
        ],
      ),
    );
  } catch (error) {
    section.append(h("p", { role: "alert" }, messageOf(error)));
  }
}

/** A horizontal bar chart as SVG, described for screen readers by the table beside it. */
function chart(rows: [string, number][]): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const most = Math.max(1, ...rows.map(([, n]) => n));
  const rowHeight = 26;
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 420 ${rows.length * rowHeight}`);
  svg.setAttribute("class", "chart");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `Requests by status: ${rows.map(([l, n]) => `${l} ${n}`).join(", ")}`);
  rows.forEach(([label, n], i) => {
    const y = i * rowHeight;
    const text = document.createElementNS(ns, "text");
    text.setAttribute("x", "0");
    text.setAttribute("y", String(y + 17));
    text.textContent = label;
    const bar = document.createElementNS(ns, "rect");
    bar.setAttribute("x", "170");
    bar.setAttribute("y", String(y + 4));
    bar.setAttribute("height", "18");
    bar.setAttribute("width", String(Math.max(2, (200 * n) / most)));
    const value = document.createElementNS(ns, "text");
    value.setAttribute("x", String(176 + (200 * n) / most));
    value.setAttribute("y", String(y + 17));
    value.textContent = String(n);
    svg.append(text, bar, value);
  });
  return svg;
}

async function showLoads(section: HTMLElement): Promise<void> {
  try {
    const { items } = await page(
      api.GET("/customizations/workload", { params: { query: { limit: 50 } } }) as never,
    );
    const rows = (items as Schemas["Workload"][]).map((w) => [
      w.designerName ?? w.designerId,
      w.active,
      w.inProgress,
      w.awaitingApproval,
      w.overdue,
      w.completedTotal,
      w.averageCompletionHours?.toFixed(1) ?? "—",
    ]);
    section.append(
      rows.length
        ? table(
            "Least loaded first",
            [
              "Designer",
              "Active",
              "In progress",
              "Awaiting approval",
              "Overdue",
              "Completed",
              "Average hours to approval",
            ],
            rows,
            "workload",
          )
        : h("p", {}, "No designers yet."),
    );
  } catch (error) {
    section.append(h("p", { role: "alert" }, messageOf(error)));
  }
}

export const adminPeople: Page = (main) => {
  const alert = alertBox();
  const body = h("div", {}, h("p", {}, "Loading…"));
  show(
    main,
    h("h1", {}, "People"),
    h(
      "p",
      {},
      "Roles live in each person's token: a change signs them out, and they sign in again with the new role.",
    ),
    alert,
    body,
  );
  void (async () => {
    try {
      // Admins may list profiles straight from Firestore (firestore.rules); roles are set through the API.
      const snapshot = await getDocs(query(collection(db, "users"), orderBy("email"), limit(200)));
      const rows = snapshot.docs.map((d) => {
        const person = d.data() as { name?: string; email?: string; role?: string };
        const rowAlert = alertBox();
        const select = h(
          "select",
          { "aria-label": `Role of ${person.email ?? d.id}` },
          ["customer", "designer", "admin"].map((r) =>
            h("option", { value: r, selected: r === (person.role ?? "customer") }, r),
          ),
        );
        const save = actionButton("Save", rowAlert, async () => {
          const role = select.value as Schemas["Role"];
          await unwrap(api.PUT("/users/{uid}/role", { params: { path: { uid: d.id } }, body: { role } }));
          rowAlert.textContent = `Now ${role}.`;
        });
        save.setAttribute("aria-label", `Save the role of ${person.email ?? d.id}`);
        return [
          person.name ?? "",
          person.email ?? "",
          h("code", {}, d.id),
          h("span", {}, select, " ", save, rowAlert),
        ];
      });
      show(body, table("Everyone who has used the app", ["Name", "Email", "Id", "Role"], rows, "people"));
    } catch (error) {
      alert.textContent = messageOf(error);
    }
  })();
};

export const adminProducts: Page = (main) => {
  const alert = alertBox();
  const body = h("div", {});
  const addAlert = alertBox();
  const add = actionForm(
    h(
      "form",
      { class: "group", "aria-labelledby": "add-h" },
      h("h2", { id: "add-h" }, "Add a product"),
      field(
        "Id (optional)",
        h("input", { name: "id", pattern: "[A-Za-z0-9_-]+", maxlength: 128 }),
        "Letters, digits, - and _; a random one if empty",
      ),
      field("Name", h("input", { name: "name", required: true, maxlength: 200 })),
      field(
        "Image URL (optional)",
        h("input", { name: "imageUrl", maxlength: 2048 }),
        "https://… or a path on this site such as /img/mug.svg",
      ),
      addAlert,
      h("button", { type: "submit" }, "Add"),
    ),
    addAlert,
    async (data) => {
      const text = (name: string) => String(data.get(name) ?? "").trim() || null;
      await unwrap(
        api.POST("/products", {
          body: { id: text("id"), name: String(data.get("name")), imageUrl: text("imageUrl") },
        }),
      );
      add.reset();
      await refresh();
    },
  );
  show(main, h("h1", {}, "Catalogue"), alert, body, h("section", { class: "card" }, add));
  const refresh = async () => {
    const { items } = await page(
      api.GET("/products", { params: { query: { includeRetired: true, limit: 100 } } }),
    );
    show(
      body,
      items.length
        ? table(
            "Every product, retired ones too",
            ["Product", "Image", "Customizable", ""],
            items.map(productRow),
            "catalogue",
          )
        : h("p", {}, "No products yet."),
    );
  };
  void refresh().catch((error) => (alert.textContent = messageOf(error)));
};

function productRow(product: Product): HTMLElement[] {
  const rowAlert = alertBox();
  const name = h("input", { value: product.name, "aria-label": `Name of ${product.name}`, maxlength: 200 });
  const image = h("input", {
    value: product.imageUrl ?? "",
    "aria-label": `Image URL of ${product.name}`,
    maxlength: 2048,
  });
  const customizable = h("input", {
    type: "checkbox",
    checked: product.isCustomizable,
    "aria-label": `${product.name} can be customized`,
  });
  const save = actionButton("Save", rowAlert, async () => {
    const saved = await unwrap(
      api.PATCH("/products/{id}", {
        params: { path: { id: product.id } },
        body: {
          name: name.value.trim(),
          imageUrl: image.value.trim() || null,
          isCustomizable: customizable.checked,
        },
      }),
    );
    rowAlert.textContent = saved.isCustomizable ? "Saved." : "Saved: retired (no new requests).";
  });
  save.setAttribute("aria-label", `Save ${product.name}`);
  return [
    h("span", {}, name, h("br"), h("small", {}, product.id)),
    h(
      "span",
      {},
      product.imageUrl ? h("img", { src: product.imageUrl, alt: "", width: 48, height: 36 }) : null,
      image,
    ),
    customizable,
    h("span", {}, save, rowAlert),
  ];
}
