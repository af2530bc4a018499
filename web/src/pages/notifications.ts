// Notifications: one's own, live (the query the rules allow: where('recipientId', '==', uid)), each
// marked read through the API, and all of them at once. Designers are also told of every new request
// without a document each: GET /notifications lists those announcements beside their own, so their
// list comes from the API, asked again when their notifications or the queue change (at most once
// per half second, one fetch at a time, however fast they change).
import { api, page, unwrap } from "../api/client";
import * as live from "../live";
import { type Page, refreshUnread } from "../session";
import { actionButton, alertBox, h, messageOf, show, when } from "../ui";

export const notificationsPage: Page = (main, session) => {
  const list = h("div", {}, h("p", {}, "Loading…"));
  const alert = alertBox();
  const readAll = actionButton("Mark all read", alert, async () => {
    let more = true;
    while (more) more = (await unwrap(api.POST("/notifications/read-all"))).more;
    await Promise.all([refreshUnread(session), session.role === "designer" ? fromApi() : Promise.resolve()]);
  });
  show(main, h("h1", {}, "Notifications"), h("p", {}, readAll), alert, list);

  const render = (items: live.Notice[]) =>
    show(
      list,
      items.length === 0
        ? h("p", {}, "Nothing yet.")
        : h(
            "ul",
            { class: "notices" },
            items.map((n) => {
              const itemAlert = alertBox();
              return h(
                "li",
                { class: n.readAt ? "read" : "unread", "data-type": n.type },
                h("strong", {}, n.title),
                " ",
                h("span", {}, n.body),
                h("small", {}, ` ${when(n.createdAt)}`),
                " ",
                h("a", { href: `#/requests/${encodeURIComponent(n.requestId)}` }, "Open"),
                " ",
                n.readAt
                  ? null
                  : actionButton(
                      "Mark read",
                      itemAlert,
                      async () => {
                        await unwrap(
                          api.POST("/notifications/{id}/read", { params: { path: { id: n.id } } }),
                        );
                        await refreshUnread(session);
                        if (session.role === "designer") await fromApi();
                      },
                      "link",
                    ),
                itemAlert,
              );
            }),
          ),
    );

  async function fromApi(): Promise<void> {
    try {
      render((await page(api.GET("/notifications", { params: { query: { limit: 30 } } }))).items);
    } catch (error) {
      alert.textContent = messageOf(error);
    }
  }

  const fail = (error: Error) => (alert.textContent = messageOf(error));
  void refreshUnread(session);
  if (session.role !== "designer") {
    return live.notifications(session.uid, render, fail);
  }
  // Every new request changes the queue: its changes are coalesced into one fetch at a time.
  const refetch = live.coalesced(fromApi);
  const stops = [live.notifications(session.uid, refetch, fail), live.queue(refetch, fail), refetch.stop];
  return () => {
    for (const stop of stops) stop();
  };
};
