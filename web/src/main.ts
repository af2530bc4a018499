// The app's shell: sign-in, a header for the signed-in role, and a hash router whose pages clean up
// their listeners when left.
import { onAuthStateChanged, signInWithEmailAndPassword, signOut, type User } from "firebase/auth";
import { auth, local, type Role, roleOf, startFirebase } from "./firebase";
import * as live from "./live";
import { adminPeople, adminProducts, adminRequests } from "./pages/admin";
import { customerProducts, customerRequests } from "./pages/customer";
import { designerQueue } from "./pages/designer";
import { notificationsPage } from "./pages/notifications";
import { requestPage } from "./pages/request";
import { type Page, refreshUnread, type Session } from "./session";
import { actionForm, alertBox, field, h, messageOf, show } from "./ui";

const ROUTES: Record<Role, { home: string; nav: [string, string][]; pages: Record<string, Page> }> = {
  customer: {
    home: "#/products",
    nav: [
      ["#/products", "Products"],
      ["#/requests", "My requests"],
    ],
    pages: { products: customerProducts, requests: customerRequests },
  },
  designer: {
    home: "#/queue",
    nav: [["#/queue", "Queue and my work"]],
    pages: { queue: designerQueue },
  },
  admin: {
    home: "#/admin",
    nav: [
      ["#/admin", "Requests and figures"],
      ["#/people", "People"],
      ["#/catalogue", "Catalogue"],
    ],
    pages: { admin: adminRequests, people: adminPeople, catalogue: adminProducts },
  },
};

const header = document.getElementById("top") as HTMLElement;
const main = document.getElementById("main") as HTMLElement;
let leave: ReturnType<Page>;
let session: Session | null = null;
let stopBadge: live.Unsubscribe | null = null;

async function boot(): Promise<void> {
  await startFirebase();
  onAuthStateChanged(auth, (user) => void signedIn(user));
  window.addEventListener("hashchange", () => route());
}

async function signedIn(user: User | null): Promise<void> {
  stopBadge?.();
  stopBadge = null;
  if (user === null) {
    session = null;
    header.replaceChildren();
    leave?.();
    leave = undefined;
    signInPage();
    return;
  }
  const role = await roleOf(user);
  session = { uid: user.uid, email: user.email ?? "", role, unread: h("span", { class: "count" }) };
  renderHeader(session);
  const current = session;
  // The badge is asked of the API (GET /me counts what no listener holds), once per burst of changes.
  const unread = live.coalesced(() => refreshUnread(current));
  unread();
  const stopListening = live.notifications(user.uid, unread, () => undefined);
  stopBadge = () => {
    stopListening();
    unread.stop();
  };
  if (!location.hash || location.hash === "#/") location.hash = ROUTES[role].home;
  else route();
}

function renderHeader(s: Session): void {
  const links = ROUTES[s.role].nav.map(([href, label]) => h("a", { href }, label));
  show(
    header,
    h(
      "div",
      { class: "bar" },
      h("span", { class: "brand" }, "Customizations"),
      h(
        "nav",
        { "aria-label": "Main" },
        links,
        h(
          "a",
          { href: "#/notifications" },
          "Notifications ",
          s.unread,
          h("span", { class: "sr-only" }, " unread"),
        ),
      ),
      h(
        "span",
        { class: "who" },
        `${s.email} (${s.role}) `,
        h("button", { type: "button", class: "link", onclick: () => void signOut(auth) }, "Sign out"),
      ),
    ),
  );
}

function route(): void {
  if (!session) return;
  const [name = "", id] = location.hash.replace(/^#\//, "").split("/");
  const pages = ROUTES[session.role].pages;
  leave?.();
  leave = undefined;
  main.replaceChildren();
  for (const link of header.querySelectorAll("nav a")) {
    const current = link.getAttribute("href") === `#/${name}`;
    if (current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  try {
    if (name === "requests" && id) leave = requestPage(main, session, decodeURIComponent(id));
    else if (name === "notifications") leave = notificationsPage(main, session);
    else if (pages[name]) leave = pages[name](main, session);
    else location.hash = ROUTES[session.role].home;
  } catch (error) {
    show(main, h("h1", {}, "Something went wrong"), h("p", { role: "alert" }, messageOf(error)));
  }
  main.querySelector("h1")?.setAttribute("tabindex", "-1");
  (main.querySelector("h1") as HTMLElement | null)?.focus({ preventScroll: true });
}

function signInPage(): void {
  const alert = alertBox();
  const email = h("input", { name: "email", type: "email", autocomplete: "username", required: true });
  const password = h("input", {
    name: "password",
    type: "password",
    autocomplete: "current-password",
    required: true,
  });
  const form = actionForm(
    h(
      "form",
      { class: "card narrow" },
      field("Email", email),
      field("Password", password),
      alert,
      h("button", { type: "submit" }, "Sign in"),
    ),
    alert,
    async (data) => {
      try {
        await signInWithEmailAndPassword(auth, String(data.get("email")), String(data.get("password")));
      } catch (error) {
        const code = (error as { code?: string }).code ?? "";
        if (code === "auth/network-request-failed")
          throw new Error("The sign-in service could not be reached; try again.");
        throw new Error(
          `Those details did not sign you in; check the email and password (${code || "unknown error"}).`,
        );
      }
    },
  );
  const demo = local
    ? h(
        "section",
        { class: "card narrow", "aria-labelledby": "demo-users" },
        h("h2", { id: "demo-users" }, "Demo users on the local stack"),
        h("p", {}, "Password ", h("code", {}, "password-123"), " for each:"),
        h(
          "ul",
          {},
          ["customer", "designer", "admin"].map((r) => h("li", {}, h("code", {}, `${r}@example.com`))),
        ),
      )
    : null;
  show(main, h("h1", {}, "Sign in"), form, demo);
}

window.addEventListener("unhandledrejection", (event) => {
  const banner = document.getElementById("toast");
  if (banner) banner.textContent = messageOf(event.reason);
});

void boot().catch((error) =>
  show(main, h("h1", {}, "The app could not start"), h("p", { role: "alert" }, messageOf(error))),
);
