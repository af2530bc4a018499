// The customer's pages: the catalogue with the form that asks for a design, and their requests live.
import { api, type FileRef, type Product, page, unwrap } from "../api/client";
import * as live from "../live";
import type { Page } from "../session";
import { actionForm, alertBox, due, field, h, messageOf, show, statusBadge, table, when } from "../ui";
import { type Kind, uploadFile } from "../upload";

const DESIGN_TYPES = ".png,.jpg,.jpeg,.webp,.gif,.pdf,.ai,.psd,.svg";
const IMAGE_TYPES = ".png,.jpg,.jpeg,.webp,.gif";

export const customerProducts: Page = (main) => {
  const grid = h("ul", { class: "products", "aria-label": "Products" });
  const listAlert = alertBox();
  const select = h("select", { name: "productId", required: true });
  const form = requestForm(select);
  show(
    main,
    h("h1", {}, "Products"),
    h("p", {}, "Pick a product and tell us what you would like on it; a designer takes it from there."),
    listAlert,
    grid,
    h(
      "section",
      { class: "card", "aria-labelledby": "new-request" },
      h("h2", { id: "new-request" }, "Ask for a design"),
      form,
    ),
  );
  void (async () => {
    try {
      const { items } = await page(api.GET("/products", { params: { query: { limit: 100 } } }));
      show(
        grid,
        items.map((p) => productCard(p, select)),
      );
      show(
        select,
        items.map((p) => h("option", { value: p.id }, p.name)),
      );
      if (items.length === 0) show(grid, h("li", {}, "No products can be customized right now."));
    } catch (error) {
      listAlert.textContent = messageOf(error);
    }
  })();
};

function productCard(product: Product, select: HTMLSelectElement): HTMLElement {
  const choose = h("button", { type: "button" }, `Customize ${product.name}`);
  choose.addEventListener("click", () => {
    select.value = product.id;
    select.focus();
  });
  return h(
    "li",
    { class: "card product", "data-product": product.id },
    product.imageUrl ? h("img", { src: product.imageUrl, alt: "", width: 160, height: 120 }) : null,
    h("h2", { class: "h3" }, product.name),
    choose,
  );
}

/** A file input with its progress bar; `upload()` sends the chosen file once and keeps its FileRef. */
function fileChooser(label: string, name: string, kind: Kind, accept: string, hint: string) {
  const input = h("input", { type: "file", name, accept });
  const bar = h("progress", { max: 100, value: 0, "aria-label": `Upload progress: ${label}`, hidden: true });
  const percent = h("span", { class: "percent", "aria-hidden": "true" });
  const sent = new Map<File, FileRef>();
  const element = h("div", {}, field(label, input, hint), h("div", { class: "progress" }, bar, percent));
  async function upload(): Promise<FileRef | null> {
    const file = input.files?.[0];
    if (!file) return null;
    const done = sent.get(file);
    if (done) return done;
    bar.hidden = false;
    const ref = await uploadFile(file, kind, (loaded, total) => {
      const value = total ? Math.round((100 * loaded) / total) : 0;
      bar.value = value;
      percent.textContent = `${value}%`;
    });
    bar.value = 100;
    percent.textContent = "100%";
    sent.set(file, ref);
    return ref;
  }
  return { element, upload };
}

function requestForm(select: HTMLSelectElement): HTMLFormElement {
  const alert = alertBox();
  const design = fileChooser(
    "Your design (optional)",
    "design",
    "customer_design",
    DESIGN_TYPES,
    "PNG, JPEG, WebP, GIF, PDF, Illustrator, PSD or SVG; large files are sent in a resumable upload.",
  );
  const preview = fileChooser(
    "A preview image (optional)",
    "preview",
    "preview",
    IMAGE_TYPES,
    "PNG, JPEG, WebP or GIF, up to 10 MiB.",
  );
  let key = crypto.randomUUID(); // one request however often the same form is sent
  const form = h(
    "form",
    { class: "request-form" },
    field("Product", select),
    field(
      "Quantity",
      h("input", { name: "quantity", type: "number", min: 1, max: 100000, value: 1, required: true }),
    ),
    field(
      "What should the design say or show?",
      h("textarea", { name: "notes", rows: 4, maxlength: 5000, required: true }),
    ),
    design.element,
    preview.element,
    alert,
    h("button", { type: "submit" }, "Send request"),
  );
  return actionForm(form, alert, async (data) => {
    const customerDesignFile = await design.upload();
    const customerPreviewImage = await preview.upload();
    const created = await unwrap(
      api.POST("/customizations", {
        params: { header: { "Idempotency-Key": key } },
        body: {
          productId: String(data.get("productId")),
          quantity: Number(data.get("quantity")),
          customizationNotes: String(data.get("notes")),
          customerDesignFile,
          customerPreviewImage,
        },
      }),
    );
    key = crypto.randomUUID();
    location.hash = `#/requests/${encodeURIComponent(created.id)}`;
  });
}

export const customerRequests: Page = (main, session) => {
  const body = h("div", {}, h("p", {}, "Loading…"));
  const alert = alertBox();
  show(main, h("h1", {}, "My requests"), alert, body);
  return live.myRequests(
    session.uid,
    (items) =>
      show(
        body,
        items.length === 0
          ? h("p", {}, "No requests yet. ", h("a", { href: "#/products" }, "Ask for a design"), ".")
          : table(
              "Your requests, newest first (they update as designers work on them)",
              ["Product", "Quantity", "Status", "Due", "Last change", ""],
              items.map((r) => [
                r.productName,
                r.quantity,
                statusBadge(r.status),
                due(r),
                when(r.updatedAt),
                h(
                  "a",
                  { href: `#/requests/${encodeURIComponent(r.id)}` },
                  "Open",
                  h("span", { class: "sr-only" }, ` ${r.productName}`),
                ),
              ]),
              "requests",
            ),
      ),
    (error) => (alert.textContent = messageOf(error)),
  );
};
