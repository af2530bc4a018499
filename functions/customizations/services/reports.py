"""Statistics and designer workload: customers' and global figures recounted from the requests
(the global ones cached a few minutes), designers' read from their load."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ..domain import routing, statistics
from ..domain.actors import Actor
from ..domain.lifecycle import Role
from ..domain.records import Page, PageRequest
from ..errors import forbidden
from .ports import Clock, Reconciliation, Reporting


class ReportService:
    """Figures over the requests a caller's role covers, at a bounded number of reads."""

    def __init__(self, stats: Reporting, now: Clock, global_max_age: timedelta) -> None:
        self._stats = stats
        self._now = now
        self._max_age = global_max_age

    def stats(self, actor: Actor) -> dict[str, Any]:
        """Totals, rates and averages: a customer's own requests, a designer's, or all (admins),
        with the time they were counted at (`asOf`)."""
        if actor.role is Role.CUSTOMER:
            return {**statistics.summary(self._stats.tally(customer_id=actor.uid)), "asOf": self._now()}
        if actor.role is Role.DESIGNER:
            load = self._stats.designer_loads([actor.uid]).get(actor.uid, {})
            return {**statistics.summary(load), "asOf": self._now()}
        return self.global_figures()

    def global_figures(self, refresh: bool = False) -> dict[str, Any]:
        """Figures over every request: the cached snapshot while it is younger than the maximum
        age, else counted now (and cached)."""
        now = self._now()
        cached = None if refresh else self._stats.snapshot()
        if cached is not None and now - cached[1] <= self._max_age:
            return {**cached[0], "asOf": cached[1]}
        figures = statistics.summary(self._stats.tally())  # read at Firestore's own time
        figures["activeDesigners"] = self._stats.active_designers()
        self._stats.save_snapshot(figures, now)
        return {**figures, "asOf": now}

    def workload(self, actor: Actor, page: PageRequest) -> Page:
        """A designer's own load, or (admins) every designer's, least loaded first, a page at a time."""
        if actor.role is Role.CUSTOMER:
            raise forbidden("Only designers and admins see workload")
        if actor.role is Role.DESIGNER:
            load = self._stats.designer_loads([actor.uid]).get(actor.uid, {})
            return Page([statistics.workload(actor.uid, load.get("designerName", actor.name), load)], None)
        found = self._stats.least_loaded(page)
        loads = [statistics.workload(item["id"], item.get("designerName"), item) for item in found.items]
        return Page(loads, found.next_cursor)


def reconcile_loads(stats: Reconciliation, now: datetime, margin: timedelta) -> dict[str, dict[str, float]]:
    """Make the load of every designer touched since the day before equal a recount of their
    requests; the corrections made, by designer.

    Both are read at one time, `margin` ago, and the difference is added (an increment, which
    commutes with the events counted meanwhile): so traffic during the run does not make it wrong.
    A designer whose requests were written in the margin before that time is left for the next run,
    since such a write may not have reached the counters yet. Memory holds one designer at a time.
    Their seat's count of active requests (moved with each write, so equal to a recount at any one
    time, but for designers whose seats were made after their work, or overrides) is made right the
    same way, under `seat.active`; a seat made by a blind write (work held from before seats handed
    back, an override) gets the fields routing needs, under `seat.completed`.
    """
    at = now - margin
    corrections: dict[str, dict[str, float]] = {}
    for uid in stats.touched_designers((at - timedelta(days=1)).date()):
        if stats.busy(uid, after=at - margin, at=at):
            continue
        have = stats.designer_loads([uid], at=at).get(uid, {})
        counted = {name: value for name, value in have.items() if isinstance(value, int | float)}
        recount = stats.tally(designer_id=uid, at=at)
        diff = statistics.difference(recount, counted)
        if diff:
            stats.correct(uid, diff)
            corrections[uid] = diff
        seat = stats.seat_as_of(uid, at)
        if seat is None:
            continue
        held, active = int(seat.get("active") or 0), int(recount.get("active", 0))
        if held != active:
            stats.correct_seat(uid, active - held)
            corrections.setdefault(uid, {})["seat.active"] = active - held
        if routing.missing_fields(seat) and stats.complete_seat(uid):
            corrections.setdefault(uid, {})["seat.completed"] = 1
    return corrections
