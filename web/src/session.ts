import { api, unwrap } from "./api/client";
import type { Role } from "./firebase";

/** Who is signed in, and the header's unread badge. */
export interface Session {
  uid: string;
  email: string;
  role: Role;
  unread: HTMLElement;
}

/** A page renders into `main` and returns what stops its listeners when it is left. */
// A page without listeners returns nothing: `void` lets it end without a return, as React's effect
// callbacks do, where `undefined` would make every such page write one.
// biome-ignore lint/suspicious/noConfusingVoidType: see above
export type Page = (main: HTMLElement, session: Session) => (() => void) | void;

/** The header's unread count, from GET /me (capped at 100); the live notifications say when to ask. */
export async function refreshUnread(session: Session): Promise<void> {
  try {
    const me = await unwrap(api.GET("/me"));
    session.unread.textContent = me.unreadCountCapped ? "99+" : String(me.unreadCount);
    session.unread.dataset.count = String(me.unreadCount);
  } catch {
    session.unread.textContent = "?";
  }
}
