// Realtime listeners: the queries firestore.rules allows each role, and nothing else (a query the
// rules cannot prove safe is refused whole, "Missing or insufficient permissions"):
//   - a customer's own requests:        where('customerId', '==', uid)
//   - a designer's own work:            where('designerId', '==', uid)
//   - the designers' queue:             where('status', '==', 'pending_designer_review')
//                                       (oldest first; the soonest due first is the API's
//                                       GET /customizations/pending?sort=dueAt, asked again as
//                                       this listener says the queue changed)
//   - one request, its revisions and
//     its message thread:               a participant (its customer, its designer, an admin)
//   - one's notifications:              where('recipientId', '==', uid)   <- always constrained so
// Writes never go through Firestore: every action is an API call.
import {
  collection,
  type DocumentData,
  doc,
  limit,
  limitToLast,
  onSnapshot,
  orderBy,
  type QueryConstraint,
  query,
  Timestamp,
  where,
} from "firebase/firestore";
import type { Request, Schemas } from "./api/client";
import { db } from "./firebase";

export type Revision = Schemas["Revision"];
export type Notice = Schemas["Notification"];
export type Message = Schemas["Message"];
export type Unsubscribe = () => void;
type OnError = (error: Error) => void;

/** A Firestore document as the API would answer it: Timestamps as RFC 3339 strings, with its id. */
function plain<T>(id: string, data: DocumentData): T {
  const convert = (value: unknown): unknown => {
    if (value instanceof Timestamp) return value.toDate().toISOString();
    if (Array.isArray(value)) return value.map(convert);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]));
    }
    return value;
  };
  return { ...(convert(data) as object), id } as T;
}

const REQUESTS = "customizationRequests";

function requests(
  constraints: QueryConstraint[],
  next: (items: Request[]) => void,
  fail: OnError,
): Unsubscribe {
  return onSnapshot(
    query(collection(db, REQUESTS), ...constraints),
    (snapshot) => next(snapshot.docs.map((d) => plain<Request>(d.id, d.data()))),
    fail,
  );
}

/** A customer's own requests, newest first. */
export function myRequests(uid: string, next: (items: Request[]) => void, fail: OnError): Unsubscribe {
  return requests([where("customerId", "==", uid), orderBy("createdAt", "desc"), limit(50)], next, fail);
}

/** A designer's own work, newest first. */
export function assignedTo(uid: string, next: (items: Request[]) => void, fail: OnError): Unsubscribe {
  return requests([where("designerId", "==", uid), orderBy("createdAt", "desc"), limit(50)], next, fail);
}

/** The requests waiting for a designer, oldest first (what designers are told of as new requests). */
export function queue(next: (items: Request[]) => void, fail: OnError): Unsubscribe {
  return requests(
    [where("status", "==", "pending_designer_review"), orderBy("requestedAt", "asc"), limit(50)],
    next,
    fail,
  );
}

/** One request, as it changes. */
export function request(id: string, next: (item: Request | null) => void, fail: OnError): Unsubscribe {
  return onSnapshot(
    doc(db, REQUESTS, id),
    (snapshot) => next(snapshot.exists() ? plain<Request>(snapshot.id, snapshot.data()) : null),
    fail,
  );
}

/** Every design submitted for a request, oldest first (participants only). */
export function revisions(id: string, next: (items: Revision[]) => void, fail: OnError): Unsubscribe {
  return onSnapshot(
    query(collection(db, REQUESTS, id, "revisions"), orderBy("number", "asc")),
    (snapshot) => next(snapshot.docs.map((d) => plain<Revision>(d.id, d.data()))),
    fail,
  );
}

/** The request's message thread, the last 100 in the order they were posted (participants only). */
export function messages(id: string, next: (items: Message[]) => void, fail: OnError): Unsubscribe {
  return onSnapshot(
    query(collection(db, REQUESTS, id, "messages"), orderBy("seq", "asc"), limitToLast(100)),
    (snapshot) => next(snapshot.docs.map((d) => plain<Message>(d.id, d.data()))),
    fail,
  );
}

/** One's own notifications, newest first: the rules allow this query only with recipientId == uid. */
export function notifications(uid: string, next: (items: Notice[]) => void, fail: OnError): Unsubscribe {
  return onSnapshot(
    query(
      collection(db, "notifications"),
      where("recipientId", "==", uid),
      orderBy("createdAt", "desc"),
      limit(30),
    ),
    (snapshot) => next(snapshot.docs.map((d) => plain<Notice>(d.id, d.data()))),
    fail,
  );
}

/** A fetch a listener asks for, coalesced: changes within `wait` ms of the last fetch's start make
 * one fetch, never two at once (a change while one is in flight asks for one more after it), so a
 * queue changing 500 times a second costs two fetches a second, not 500. `stop` drops what is
 * pending when the page is left. */
export interface Coalesced {
  (): void;
  stop(): void;
}

export const REFETCH_WAIT_MS = 500;

export function coalesced(run: () => Promise<void>, wait = REFETCH_WAIT_MS): Coalesced {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  let stopped = false;
  let started = Number.NEGATIVE_INFINITY;
  const fire = async () => {
    timer = undefined;
    if (stopped) return;
    running = true;
    started = Date.now();
    try {
      await run();
    } finally {
      running = false;
      if (again) {
        again = false;
        ask();
      }
    }
  };
  const ask = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    if (timer !== undefined) return;
    timer = setTimeout(() => void fire(), Math.max(0, started + wait - Date.now()));
  };
  return Object.assign(ask, {
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  });
}
