"""What the services need of the outside world, as Protocols they own. Adapters implement them
(without importing them: the match is structural, and mypy checks it where bootstrap wires them);
the unit tests' in-memory fakes implement the same ones."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import IO, Any, Protocol

from ..domain.actors import Actor
from ..domain.commands import RequestFilter
from ..domain.events import Effects
from ..domain.inbox import Position
from ..domain.lifecycle import Role
from ..domain.quotas import Counted
from ..domain.records import Current, Page, PageRequest, Record
from ..domain.routing import Seat, SeatChange
from ..domain.workflow import Due

Clock = Callable[[], datetime]
Document = dict[str, Any]


class RequestStore(Protocol):
    """Customization requests, their idempotency records, and the products they are made from."""

    def get(self, request_id: str, fresh: bool = False) -> Record | None:
        """The request, or None; `fresh` insists on the committed state, not a held copy."""
        ...

    def new_id(self) -> str:
        """A fresh, random request id."""
        ...

    def count_requests(self, customer_id: str, cap: int) -> int:
        """How many requests this customer made, counting no further than cap."""
        ...

    def create(
        self,
        request_id: str,
        data: Document,
        contact: Document,
        idempotency: tuple[str, Document] | None,
        attach: Mapping[str, Any],
    ) -> None:
        """Write a new request with its customer's contact details (kept apart, see contacts()), its
        idempotency record, and the uploads in `attach` (path -> the update time of its record as
        read) marked as its own, atomically; raises domain.records.AlreadyExists when the key is
        taken, domain.records.Conflict when an upload changed since it was read."""
        ...

    def contacts(self, request_ids: Sequence[str]) -> dict[str, Document]:
        """request id -> its customer's contact details, for the ids that have them."""
        ...

    def threads(self, request_ids: Sequence[str], with_contacts: bool) -> dict[str, Document]:
        """request id -> the state of its message thread (`count`, `reads` {uid: count}) and, if
        asked, under `contact`, its customer's contact details: in one round trip."""
        ...

    def idempotency_record(self, key_id: str) -> Document | None:
        """The stored outcome of an idempotent create, or None."""
        ...

    def shown(self, request_id: str, contact: bool = False) -> tuple[Record | None, Document]:
        """The request (None if there is none, or a held copy as `get` reads it) with its thread's
        state and, if asked, its contact details (as `threads` gives them), read together."""
        ...

    def current(self, request_id: str, thread: bool = False, contact: bool = False) -> Current | None:
        """The request as committed and its last legal state (domain.integrity), read together
        with, if asked, its thread's state and its contact details (as `threads` gives them);
        None if there is no such request."""
        ...

    def update_if_unchanged(
        self,
        record: Record,
        changes: Document,
        attach: Mapping[str, Any],
        seats: Mapping[str, SeatChange] | None = None,
        legal: Record | None = None,
    ) -> bool:
        """Apply changes (REMOVED deletes a field), mark the uploads in `attach` as the request's,
        move designers' seats (a +1 only if that seat is still as read), and write the request's
        new legal state (the document as this leaves it), all at once, only if the request, its
        legal state (`legal` as read; None: there is none yet), those uploads and those seats are
        still as read; False if any changed (or went) since."""
        ...

    def in_status(self, status: str, after: str | None, limit: int) -> list[Document]:
        """Up to limit requests in this status (each with `id`), by id after `after`."""
        ...

    def list_requests(self, where: RequestFilter, page: PageRequest) -> Page:
        """Requests matching every field the filter sets (overdue: only the overdue ones), newest
        first."""
        ...

    def pending(self, page: PageRequest, by_due: bool = False) -> Page:
        """Requests waiting for a designer, oldest first (or the soonest due first)."""
        ...

    def product(self, product_id: str, fresh: bool = False) -> Document | None:
        """The product, or None."""
        ...

    def revision(self, request_id: str, number: int) -> Document | None:
        """One submitted design of a request (its files, notes and verdict), or None."""
        ...


class ProductStore(Protocol):
    """The catalogue: products by id, a page at a time by name, and an admin's writes."""

    def product(self, product_id: str, fresh: bool = False) -> Document | None:
        """The product (with `id`), or None."""
        ...

    def new_product_id(self) -> str:
        """A fresh, random product id."""
        ...

    def list_products(self, customizable_only: bool, page: PageRequest) -> Page:
        """Products by name (ties by id): those whose isCustomizable is true, or all of them."""
        ...

    def create_product(self, product_id: str, data: Document) -> bool:
        """Write a new product; False if the id is taken."""
        ...

    def update_product(self, product_id: str, fields: Document, remove: Sequence[str]) -> Document | None:
        """Set some fields of a product and remove others; the product as it is now, or None if
        there is no such product."""
        ...


class SeatStore(Protocol):
    """Designers' seats (domain.routing): availability, capacity, the active requests they hold."""

    def seat(self, uid: str) -> Seat:
        """A designer's seat (a capacity never set is the deployment's default; a designer with no
        seat yet has a vacant one, with no update time)."""
        ...

    def candidates(self, after: Seat | None, limit: int) -> list[Seat]:
        """Up to limit seats of available designers, least active first, then longest idle (never
        assigned first), from just after `after`."""
        ...

    def ensure_seat(self, uid: str, name: str, available: bool | None = None) -> None:
        """A designer has a seat (created available, holding nothing, if they had none); its
        availability set when given, its count untouched."""
        ...

    def save_seat(self, read: Seat, available: bool | None, capacity: int | None) -> bool:
        """Set a designer's availability and capacity, only if their seat is still as read (created
        if `read` had no document); False if it changed since."""
        ...


class TimerQueue(Protocol):
    """Where a timed step waits for its time (Cloud Tasks: a task per step, named by it)."""

    def arm(self, due: Due) -> None:
        """Schedule the step for its time; one already scheduled under its name is fine."""
        ...

    def disarm(self, due: Due) -> None:
        """Call the step off if it is still waiting; one gone (or never there) is fine."""
        ...

    def run_now(self, due: Due, tag: str) -> None:
        """Have the step taken now, as its task would (on demand: a task of its own, `tag` telling
        it apart from the scheduled one)."""
        ...


class ProfileStore(Protocol):
    """User profiles (`users/{uid}`): what the fan-out, workload and digests know of people beyond
    their tokens (domain.profiles)."""

    def profile(self, uid: str) -> Document | None:
        """The profile, or None."""
        ...

    def update_profile(self, uid: str, fields: Document) -> None:
        """Create or update a profile: the fields given are set (maps merged), the rest kept."""
        ...

    def save_role(self, uid: str, fields: Document, change: Document) -> None:
        """Update a profile after a role change and log the change (who, whose, which role, when),
        in one write."""
        ...

    def update_devices(
        self, uid: str, change: Callable[[dict[str, Document]], dict[str, Document]]
    ) -> tuple[dict[str, Document], dict[str, Document]]:
        """Replace a profile's devices with change(the devices as they are), atomically (retried if
        they changed meanwhile); the devices before and after."""
        ...

    def claim_device(self, device_id: str, uid: str, at: datetime) -> str | None:
        """Record that this device (its token) is this user's; the user who had it, if another."""
        ...

    def release_device(self, device_id: str, uid: str) -> None:
        """Forget that this device is this user's (if it still is)."""
        ...


class UserDirectory(Protocol):
    """The identity provider: looks users up and grants roles."""

    def get(self, uid: str) -> Actor | None:
        """The user with this uid, or None."""
        ...

    def set_role(self, uid: str, role: Role) -> None:
        """Grant a role, keeping the user's other claims; tokens from before stop counting."""
        ...

    def set_disabled(self, uid: str, disabled: bool) -> None:
        """Disable a user (every token they hold stops counting) or enable them again."""
        ...

    def set_name(self, uid: str, name: str) -> None:
        """Change the user's display name (their next token carries it)."""
        ...

    def every_user(self) -> Iterator[Actor]:
        """Every user, a page at a time."""
        ...


class FanoutStore(Protocol):
    """What the event handlers read, and the one write that commits an event's effects."""

    def users(self, uids: Iterable[str]) -> list[Document]:
        """The profiles of these users that exist."""
        ...

    def request(self, request_id: str) -> Document | None:
        """The request as it is now (with its `id`), or None."""
        ...

    def admins(self, limit: int) -> list[Document]:
        """Up to limit profiles (with `id`) of admins: who is told of overdue requests."""
        ...

    def legal_and_people(
        self, request_id: str, people: Iterable[str] = ()
    ) -> tuple[Record | None, dict[str, Document | None]]:
        """The request's last legal state and when its copy was written (None: no copy), and, read
        in the same round trip, these people's profiles (uid -> profile, None if they have none)."""
        ...

    def restore(
        self, request_id: str, written_at: datetime, key: str, at: datetime, before: Document | None = None
    ) -> bool:
        """Put a request back to its last legal state, marked as restored from the violation `key`,
        with its legal copy, only if it is out of step with that state and holds no override not
        accepted yet (so a rollback happens once, whatever was written since, and never over a
        legal write). A request older than the legal copies goes back to `before` (the image
        before the write), one created around the API to nothing: only if it is still as the write
        at `written_at` left it. Whether it wrote."""
        ...

    def accept(self, request_id: str, marker: Any, restage: Callable[[Document], Document]) -> bool:
        """Make a request that holds this admin override marker its legal state as it stands, with
        what `restage` gives for it (domain.workflow.restage) written onto the request and into
        its copy at once (with the processed marker of the version a new stage takes: there is no
        other event of it); only while the request holds that marker and its copy does not yet (a
        later override, or its acceptance, is never overtaken). Whether the override is the legal
        state (accepted now, or already)."""
        ...

    def commit_once(self, request_id: str, key: str, effects: Effects) -> list[str] | None:
        """Write an event's effects with its processed marker, atomically; the ids of the
        notifications created now, or None when the event had already been handled."""
        ...

    def forget_tokens(self, uid: str, tokens: Sequence[str]) -> None:
        """Remove the devices with these push tokens from a profile (FCM said they are dead)."""
        ...


class HistoryStore(Protocol):
    """What the fan-out wrote, read back: audit trails, revisions, notifications."""

    def audit_trail(self, request_id: str, page: PageRequest) -> Page:
        """A page of a request's audit entries, oldest first."""
        ...

    def revisions(self, request_id: str, page: PageRequest) -> Page:
        """A page of a request's submitted designs, oldest first."""
        ...

    def notifications(
        self, recipient_id: str, unread: bool, after: Position | None, limit: int
    ) -> list[Document]:
        """Up to limit of someone's own notifications (the unread ones only, if asked), newest
        first, from just after that inbox position."""
        ...

    def announcements(self, after: Position | None, since: datetime, limit: int) -> list[Document]:
        """Up to limit requests created since then, newest first, from just after that inbox
        position: what designers are told of as new requests (each with id, createdAt and the
        fields its message shows)."""
        ...

    def reads(self, uid: str, announcement_ids: Sequence[str]) -> dict[str, datetime]:
        """announcement id -> when this user read it, for those they read."""
        ...

    def read_state(
        self, uid: str, announcement_ids: Sequence[str]
    ) -> tuple[datetime | None, dict[str, datetime]]:
        """Up to when this user read every announcement at once (read_through), and which of these
        they read one by one (reads), read together."""
        ...

    def mark_announcement_read(self, uid: str, announcement_id: str, created_at: datetime) -> None:
        """Note, once, that this user read an announcement (at the server's time)."""
        ...

    def notification(self, notification_id: str) -> Document | None:
        """One notification, or None."""
        ...

    def mark_read(self, notification_id: str, at: datetime) -> None:
        """Set readAt (to the server's time), unless it was already set."""
        ...

    def unread_ids(self, recipient_id: str, limit: int) -> list[str]:
        """Up to limit ids of someone's unread notifications."""
        ...

    def mark_many_read(self, notification_ids: Sequence[str], at: datetime) -> None:
        """Mark these (unread) notifications read, in one batch."""
        ...

    def count_unread(self, recipient_id: str, cap: int) -> int:
        """How many of someone's notifications are unread, counting no further than cap."""
        ...

    def read_through(self, uid: str) -> datetime | None:
        """Up to when this user read every announcement at once (read-all), if ever."""
        ...

    def set_read_through(self, uid: str, at: datetime) -> None:
        """Every announcement made up to then counts as read by this user."""
        ...

    def count_announcements(self, since: datetime, cap: int) -> int:
        """How many requests were made after then, counting no further than cap."""
        ...

    def count_reads(self, uid: str, since: datetime) -> int:
        """How many announcements of requests made after then this user read one by one."""
        ...


class DigestStore(Protocol):
    """What the digests read and the one write that sends one."""

    def recipients(self, digest: str, after: str | None, limit: int) -> list[Document]:
        """Up to limit profiles (with `id`) whose email digest is this, by uid after `after`."""
        ...

    def unread_since(self, recipient_id: str, since: datetime, until: datetime, limit: int) -> list[Document]:
        """Up to limit of someone's unread notifications made after `since` and no later than
        `until`, newest first."""
        ...

    def count_announcements(self, since: datetime, cap: int, until: datetime | None = None) -> int:
        """How many requests were made after `since` (and no later than `until`), counting no
        further than cap."""
        ...

    def send_digest(self, uid: str, mail_id: str, mail: Document, at: datetime) -> bool:
        """Create the digest's mail under this id and note on the profile that a digest went out
        at `at`, together; False if that mail exists already (this period's digest is sent)."""
        ...


class StatsStore(Protocol):
    """The figures: recounted from the requests (aggregation queries), designers' loads, the cached
    global snapshot, and what the reconciliation of loads reads and writes."""

    def tally(
        self, customer_id: str | None = None, designer_id: str | None = None, at: datetime | None = None
    ) -> dict[str, float]:
        """The counters of the requests of this customer, or designer, or all of them, recounted by
        Firestore at one read time (now, or `at`)."""
        ...

    def designer_loads(self, uids: Sequence[str], at: datetime | None = None) -> dict[str, Document]:
        """uid -> that designer's counters (with `designerName`), for those who have any."""
        ...

    def least_loaded(self, page: PageRequest) -> Page:
        """Designers' counters (each with `id`, `designerName`), least active first."""
        ...

    def active_designers(self) -> int:
        """How many designers have work in hand."""
        ...

    def ensure_designer(self, uid: str, name: str) -> None:
        """A designer has a load (zero until they claim work), so that admins see them."""
        ...

    def snapshot(self) -> tuple[Document, datetime] | None:
        """The cached global figures and when they were counted, or None."""
        ...

    def save_snapshot(self, figures: Document, as_of: datetime) -> None:
        """Cache the global figures as counted at as_of."""
        ...

    def touched_designers(self, since: date) -> Iterator[str]:
        """Designers whose load changed on or after that day."""
        ...

    def busy(self, uid: str, after: datetime, at: datetime) -> bool:
        """Whether any of the designer's requests was written after `after`, as seen at `at`."""
        ...

    def correct(self, uid: str, increments: dict[str, float]) -> None:
        """Add a correction to a designer's load."""
        ...

    def seat_as_of(self, uid: str, at: datetime) -> dict[str, Any] | None:
        """A designer's seat document as of then (None: no seat)."""
        ...

    def correct_seat(self, uid: str, delta: int) -> None:
        """Add a correction to a designer's seat's count of active requests."""
        ...

    def complete_seat(self, uid: str) -> bool:
        """Give a designer's seat what routing needs that it lacks (domain.routing.missing_fields),
        only if it is still as read; whether it was written."""
        ...


class TalkStore(Protocol):
    """A request's messages and the comments pinned to its revisions (domain.conversation)."""

    def post_message(self, request_id: str, message: Document, attach: Mapping[str, Any]) -> Document:
        """Append a message to the thread (numbered in turn; its author has read the thread up to
        it), and mark the uploads in `attach` (path -> update time as read) as the request's,
        atomically; the message with its `id` and `seq`. Raises domain.records.Conflict if one of
        those uploads changed meanwhile."""
        ...

    def messages(self, request_id: str, page: PageRequest) -> Page:
        """A page of the thread, oldest first (newest last)."""
        ...

    def message(self, request_id: str, message_id: str) -> Document | None:
        """One message, or None."""
        ...

    def mark_thread_read(self, request_id: str, uid: str) -> None:
        """This user has read every message of the thread so far."""
        ...

    def add_comment(self, request_id: str, comment: Document, most: int) -> Document | None:
        """Pin a comment to its revision (numbered in turn within it); the comment with its `id`,
        or None if that revision has `most` comments already."""
        ...

    def comment(self, request_id: str, comment_id: str) -> Document | None:
        """One comment, or None."""
        ...

    def resolve_comment(self, request_id: str, comment_id: str, by: str, at: datetime) -> Document:
        """Mark a comment resolved (once: resolving it again changes nothing); the comment."""
        ...

    def comments(self, request_id: str, revisions: Sequence[int]) -> list[Document]:
        """Every comment on these revisions of the request, by revision then in turn."""
        ...


class UsageCounter(Protocol):
    """How much of each quota a user has used: counters of their own, or counts over what the
    system keeps anyway."""

    def add(self, uid: str, counted: Counted, since: datetime, expire_at: datetime, amount: int) -> int:
        """Add to this user's counter of that kind for the window that starts then, atomically
        (a counter not there yet starts from 0; it is kept until expire_at); the count after."""
        ...

    def bytes_uploaded_since(self, uid: str, since: datetime) -> int:
        """Bytes this user uploaded (or declared for a resumable session) since then."""
        ...

    def open_sessions(self, uid: str) -> int:
        """Resumable upload sessions this user opened and has not completed."""
        ...

    def role_changes_since(self, actor_id: str, since: datetime) -> int:
        """Roles this admin set since then."""
        ...

    def said_since(self, uid: str, since: datetime) -> int:
        """Messages and comments this user posted since then."""
        ...


class PushSender(Protocol):
    """Sends one notification to a set of device tokens, or to every device subscribed to a topic,
    and keeps topics' subscriptions."""

    def send(self, tokens: list[str], title: str, body: str, data: dict[str, str]) -> list[str]:
        """Deliver, best effort (a dead token must not fail the event); the tokens the push service
        said are no longer valid, to be forgotten."""
        ...

    def send_topic(self, topic: str, title: str, body: str, data: dict[str, str]) -> None:
        """Deliver to a topic's subscribers: one call, however many they are."""
        ...

    def subscribe(self, tokens: list[str], topic: str) -> None:
        """Subscribe these devices to a topic."""
        ...

    def unsubscribe(self, tokens: list[str], topic: str) -> None:
        """Unsubscribe these devices from a topic."""
        ...


class UploadRecords(Protocol):
    """The records that vouch for uploaded objects (who, which kind, used by which request), and
    the housekeeping queries over them and over cancelled requests."""

    def create_record(self, path: str, record: Document) -> bool:
        """Create the record of the object at path; False if that path is taken."""
        ...

    def record(self, path: str) -> Document | None:
        """The record of the object at path, or None."""
        ...

    def records(self, paths: Sequence[str]) -> dict[str, Record]:
        """path -> record (with its update time), for the paths that have one."""
        ...

    def path_of(self, upload: str) -> str | None:
        """The object path of an upload id, or None."""
        ...

    def update_record(self, path: str, fields: Document) -> None:
        """Change some fields of a record."""
        ...

    def delete_record(self, path: str, unchanged_since: Any = None) -> bool:
        """Forget an upload (only if its record is unchanged since that update time, when given);
        whether it is gone."""
        ...

    def unattached_before(self, cutoff: datetime, limit: int) -> list[Record]:
        """Up to about limit uploads no request uses, made before cutoff (any of them: the caller
        deletes what it gets and asks again)."""
        ...

    def attached_to(self, request_id: str) -> list[Document]:
        """The uploads a request uses."""
        ...

    def cancelled_before(self, cutoff: datetime, limit: int) -> list[str]:
        """Ids of requests cancelled before cutoff whose files are still kept."""
        ...

    def mark_files_purged(self, request_id: str, at: datetime) -> None:
        """Note on a cancelled request that its files are gone (no lifecycle change)."""
        ...


class ObjectStore(Protocol):
    """The bucket that holds the files."""

    @property
    def bucket_name(self) -> str:
        """The bucket's name."""
        ...

    def put(
        self, path: str, stream: IO[bytes], size: int, content_type: str, metadata: dict[str, str]
    ) -> None:
        """Store an object."""
        ...

    def start_resumable(self, path: str, content_type: str, size: int, origin: str | None) -> str:
        """A resumable upload session URL for the client to send the bytes to directly."""
        ...

    def object_info(self, path: str) -> tuple[int, str] | None:
        """The stored size and content type of an object, or None if it is not there."""
        ...

    def read(self, path: str, length: int) -> bytes:
        """The first length bytes of an object."""
        ...

    def chunks(self, path: str) -> Iterator[bytes]:
        """An object's bytes, a chunk at a time."""
        ...

    def signed_url(self, path: str, file_name: str, content_type: str, attachment: bool) -> str:
        """A short-lived URL to download the object."""
        ...

    def delete_object(self, path: str) -> None:
        """Remove an object; one already gone is fine."""
        ...
