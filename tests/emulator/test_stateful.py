"""Random histories against the real API: customers, designers and an admin taking random actions
(allowed or not) on many requests, checked against the lifecycle's invariants after every step and
against the trigger's effects once it has settled.

`make test` runs the seed-stable "ci" profile; `make fuzz` the longer "fuzz" one
(STATEFUL_PROFILE=fuzz).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from customizations.domain import lifecycle as sm
from customizations.domain.lifecycle import Action, Event, Status
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from tests.support.emulators import (
    Api,
    User,
    all_pages,
    counters_equal_recount,
    create_user,
    file_ref,
    firestore_client,
    granted,
    ok,
    reset_auth,
    reset_firestore,
    seed_product,
    wait_for_triggers,
)
from tests.support.oracle import notifications_written, owed_announcements, owed_notifications

settings.register_profile(
    "ci",
    max_examples=16,
    stateful_step_count=60,
    derandomize=True,  # the same histories on every run
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("STATEFUL_EXAMPLES", "25")),
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
PROFILE = settings.get_profile(os.environ.get("STATEFUL_PROFILE", "ci"))

ACTIONS = [a for a in Action if a is not Action.CREATE]
# Every edge of the lifecycle table: (status before, action), create being (None, create).
EDGES = frozenset(sm.TRANSITIONS)
TAKEN = Counter[tuple[Status | None, Action]]()  # successful steps by edge over the whole run


@dataclass
class Tracked:
    """What the test knows of one request: its last state seen and the events it went through."""

    id: str
    customer: User
    status: Status = Status.PENDING
    version: int = 1
    designer_id: str | None = None
    rejections: int = 0
    revision_limit: int = 3  # REVISION_ROUNDS on the local stack, plus what an admin allowed
    # (event, actor uid, the designer after it)
    events: list[tuple[Event, str, str | None]] = field(default_factory=list)


class Lifecycle(RuleBasedStateMachine):
    """The API as a state machine: every step is one HTTP call by one user."""

    requests = Bundle("requests")

    def __init__(self) -> None:
        super().__init__()
        self.api = Api()
        self.tracked: dict[str, Tracked] = {}
        self.taken: set[tuple[Status | None, Action]] = set()  # this history's edges

    @initialize(target=requests)
    def people_and_first_requests(self) -> Any:
        reset_firestore()  # each history starts from nothing (the last one's triggers have settled)
        reset_auth()
        seed_product()
        self.admin = create_user("admin")
        self.customers = [create_user("customer") for _ in range(2)]
        # Designers with profiles hear of new requests (a role set through the API makes one).
        self.designers = [
            granted(self.api, self.admin, create_user("designer"), "designer") for _ in range(2)
        ]
        self.everyone = [self.admin, *self.customers, *self.designers]
        return multiple(*(self._create(n % 2, by_admin=n == 2) for n in range(3)))

    # ---- steps ----

    @precondition(lambda self: len(self.tracked) < 6)  # few requests, long histories
    @rule(target=requests, who=st.integers(0, 1), by_admin=st.booleans())
    def create(self, who: int, by_admin: bool) -> Tracked:
        return self._create(who, by_admin)

    def _create(self, who: int, by_admin: bool) -> Tracked:
        customer = self.customers[who]
        response = self.api.post(
            "/customizations",
            self.admin if by_admin else customer,
            {"productId": "mug", "quantity": 1, "customizationNotes": "stateful"},
        )
        assert response.status_code == 201, response.text
        data = response.json()["data"]
        owner = self.admin if by_admin else customer
        tracked = Tracked(data["id"], owner)
        tracked.events.append((Event.REQUEST_CREATED, owner.uid, None))
        self.tracked[tracked.id] = tracked
        TAKEN[(None, Action.CREATE)] += 1
        assert (data["status"], data["version"], data["designerId"]) == (Status.PENDING, 1, None)
        return tracked

    @rule(request=requests, pick=st.integers(0, 99))
    def advance(self, request: Tracked, pick: int) -> None:
        """Steps the table allows from the request's state, by someone it allows: each must
        succeed. The request walks toward an edge this history has not taken yet (picked among those
        it can reach), taking it when there: so each history spreads over the whole table and a run
        takes every edge, deep ones included, whatever the seed. With none left, one step, mostly
        onwards, sometimes a cancel. (Guided by the history's own state only, so Hypothesis replays
        it exactly.)"""
        for _ in range(len(Status)):
            step = self._toward_untaken(request, pick)
            arrived = step is None or step[2]
            if step is None:
                allowed = self._allowed(request)
                if not allowed:
                    return  # a final state, or nothing here anyone of this history may do
                forward = [(action, edge) for action, edge in allowed if action is not Action.CANCEL]
                choices = forward if forward and pick < 80 else allowed
                action, edge = choices[pick % len(choices)]
            else:
                action, edge, _ = step
            users = self._may_take(request, edge)
            self._attempt(request, action, users[pick % len(users)], pick % 2 == 0, must_succeed=True)
            if arrived or request.status is not edge.to:  # there, or held back (rounds used)
                return

    def _allowed(self, request: Tracked) -> list[tuple[Action, sm.Transition]]:
        """The edges from the request's state that someone of this history may take now (a request
        an admin made has no customer to rate it; the system is nobody here)."""
        return [
            (action, edge)
            for (status, action), edge in sm.TRANSITIONS.items()
            if status == request.status and self._may_take(request, edge)
        ]

    def _toward_untaken(self, request: Tracked, pick: int) -> tuple[Action, sm.Transition, bool] | None:
        """The next step toward an edge this history has not taken, picked among the ones the
        request can reach (breadth first over the table), and whether it is that edge itself."""
        owned = any(u.uid == request.customer.uid for u in self.customers)

        def possible(edge: sm.Transition) -> bool:  # someone of this history could take it there
            return bool(edge.parties - {sm.Party.SYSTEM} - (set() if owned else {sm.Party.OWNER}))

        here = dict(self._allowed(request))
        targets: list[tuple[Action, sm.Transition, Action | None]] = []
        seen, frontier = {request.status}, [(request.status, None)]
        while frontier:
            status, first = frontier.pop(0)
            for (source, action), edge in sm.TRANSITIONS.items():
                if source != status or not possible(edge) or (first is None and action not in here):
                    continue
                if (status, action) not in self.taken:
                    targets.append((action, edge, first))
                if edge.to not in seen:
                    seen.add(edge.to)
                    frontier.append((edge.to, first or action))
        if not targets:
            return None
        action, edge, first = targets[pick % len(targets)]
        if first is None:
            return action, edge, True
        return first, here[first], False

    def _may_take(self, request: Tracked, edge: sm.Transition) -> list[User]:
        """The users the edge's parties are for this request (an admin is never its owner party)."""
        parties = {
            sm.Party.OWNER: [u for u in self.customers if u.uid == request.customer.uid],
            sm.Party.ANY_DESIGNER: self.designers,
            sm.Party.ASSIGNED_DESIGNER: [d for d in self.designers if d.uid == request.designer_id],
            sm.Party.ADMIN: [self.admin],
            sm.Party.SYSTEM: [],  # the timed steps' and routing's own: no user is the system
        }
        return [u for party in sorted(edge.parties) for u in parties[party]]

    @rule(request=requests, action=st.sampled_from(ACTIONS), who=st.integers(0, 4), admin_picks=st.booleans())
    def act(self, request: Tracked, action: Action, who: int, admin_picks: bool) -> None:
        """Anyone trying anything: mostly refused, and a refusal must change nothing."""
        self._attempt(request, action, self.everyone[who], admin_picks)

    def _attempt(
        self, request: Tracked, action: Action, user: User, admin_picks: bool, must_succeed: bool = False
    ) -> None:
        body = self._body(action, user, admin_picks, request)
        response = self.api.patch(f"/customizations/{request.id}", user, body)
        assert response.status_code < 500, response.text
        past_rounds = action is Action.REJECT and request.rejections >= request.revision_limit
        if must_succeed and past_rounds and request.status is Status.AWAITING_APPROVAL:
            # The table allows it, the rounds included do not: a clear 409 until an admin allows more.
            assert response.json()["error"]["code"] == "REVISION_LIMIT_REACHED", response.text
            must_succeed = False
        if must_succeed:  # the table allows this step to this user: a refusal is a bug
            assert response.status_code == 200, (
                f"{action} from {request.status} by {self._name(user)} refused: {response.text}"
            )
        if response.status_code == 200:
            edge = sm.transition(request.status, action)
            assert edge is not None and user in self._may_take(request, edge), (
                f"{action} from {request.status} by {self._name(user)}, who is no party the table "
                f"allows there, succeeded"
            )
            self._moved(request, action, user, response.json()["data"])
        else:
            assert response.status_code in (400, 403, 404, 409), response.text
            assert response.json()["success"] is False
            self._unchanged(request)
        self._claimed_exactly_when_assigned(request)

    def _name(self, user: User) -> str:
        if user is self.admin:
            return "the admin"
        return f"{'customer' if user in self.customers else 'designer'} {user.uid}"

    @rule(request=requests, who=st.integers(0, 4))
    def read(self, request: Tracked, who: int) -> None:
        user = self.everyone[who]
        response = self.api.get(f"/customizations/{request.id}", user)
        if not self._sees(request, user):
            assert response.status_code == 404, f"{self._name(user)} read {request.id}: {response.text}"
            return
        assert response.status_code == 200, f"{self._name(user)} could not read {request.id}: {response.text}"
        data = response.json()["data"]
        assert (data["status"], data["version"]) == (request.status, request.version)

    def _sees(self, request: Tracked, user: User) -> bool:
        """Who reads a request by the contract: its owner, its designer, any designer while it waits
        for one, an admin (written out apart from the code under test)."""
        if user is self.admin or user.uid == request.customer.uid:
            return True
        if user in self.designers:
            return request.status is Status.PENDING or user.uid == request.designer_id
        return False

    # ---- what each step must leave behind ----

    def _body(self, action: Action, user: User, admin_picks: bool, request: Tracked) -> dict[str, Any]:
        body: dict[str, Any] = {"action": action.value}
        if action is Action.ASSIGN and user is self.admin and admin_picks:
            body["designerId"] = self.designers[0].uid
        elif action is Action.REASSIGN:  # to the other designer
            others = [d for d in self.designers if d.uid != request.designer_id] or self.designers
            body["designerId"] = others[0].uid
        elif action is Action.RELEASE:
            body["reason"] = "Not for me"
        elif action is Action.RATE:
            body["stars"] = 4
        elif action is Action.UPLOAD_FINAL:
            kind_owner = user if user in self.designers or user is self.admin else self.designers[0]
            body["designerFinalFile"] = file_ref(kind_owner, "designer_final")
        elif action is Action.REJECT:
            body["reason"] = "Another colour"
        elif action is Action.CANCEL:
            body["reason"] = "Changed my mind"
        elif action is Action.COMPLETE:
            body["orderId"] = "order-1"
        elif action is Action.RATE:
            body["stars"] = 4
        return body

    def _moved(self, request: Tracked, action: Action, user: User, data: dict[str, Any]) -> None:
        edge = sm.transition(request.status, action)
        assert edge is not None, f"{action} succeeded from {request.status}, which the table has no edge for"
        assert data["status"] == edge.to
        assert data["version"] == request.version + 1  # one step, one version
        if action in (Action.ASSIGN, Action.REASSIGN):
            assert data["designerId"] in {d.uid for d in self.designers} | {self.admin.uid}
            assert data["designerId"] != request.designer_id
        elif action is Action.RELEASE:
            assert data["designerId"] is None  # back in the queue: nobody's
        else:
            assert data["designerId"] == request.designer_id  # set by a claim, moved by these only
        if action is Action.REJECT:
            request.rejections += 1
        if action is Action.ALLOW_REVISION:
            request.revision_limit += 1
            assert data["revisionLimit"] == request.revision_limit
        TAKEN[(request.status, action)] += 1
        self.taken.add((request.status, action))
        request.status, request.version, request.designer_id = edge.to, data["version"], data["designerId"]
        request.events.append((edge.event, user.uid, request.designer_id))

    def _unchanged(self, request: Tracked) -> None:
        stored = firestore_client().collection("customizationRequests").document(request.id).get().to_dict()
        assert stored is not None
        seen = (stored["status"], stored["version"], stored.get("designerId"))  # none until a claim
        assert seen == (request.status, request.version, request.designer_id)

    def _claimed_exactly_when_assigned(self, request: Tracked) -> None:
        hands = [e for e, *_ in request.events if e in (Event.DESIGNER_ASSIGNED, Event.DESIGNER_RELEASED)]
        claimed = bool(hands) and hands[-1] is Event.DESIGNER_ASSIGNED  # claimed, not given back since
        assert (request.designer_id is not None) == claimed

    # ---- once the triggers settle ----

    def teardown(self) -> None:
        if not self.tracked:
            return
        wait_for_triggers(timeout=60)
        db = firestore_client()
        for request in self.tracked.values():
            trail = ok(self.api.get(f"/customizations/{request.id}/events?limit=100", self.admin))
            assert [(e["event"], e["actorId"]) for e in trail] == [
                (e.value, uid) for e, uid, _ in request.events
            ]
            seen = notifications_written(db, request.id)
            assert all(count == 1 for count in seen.values()), seen
            owed = owed_notifications(request.events, request.customer.uid, request.designer_id)
            assert set(seen) == owed
        for designer in self.designers:
            inbox = all_pages(self.api, "/notifications?limit=7", designer)
            announced = {n["id"] for n in inbox if n["type"] == Event.REQUEST_CREATED.value}
            assert announced == owed_announcements(list(self.tracked)), designer.uid
            assert len({n["id"] for n in inbox}) == len(inbox)
        counters_equal_recount()


def test_random_histories_keep_the_lifecycle_invariants_and_take_every_edge() -> None:
    """The histories, then: every edge of the lifecycle table (each (status, action), create
    included) succeeded at least once, so none went untested."""
    TAKEN.clear()
    run_state_machine_as_test(Lifecycle, settings=PROFILE)
    steps = ", ".join(f"{status}/{action}: {n}" for (status, action), n in TAKEN.items())
    print(f"\nstateful: successful steps by edge: {steps}")
    missing = sorted(f"{status}/{action}" for status, action in EDGES - set(TAKEN))
    assert not missing, f"edges no history took: {missing}"
