"""Statistics and designer workload, read from the counters the event fan-out keeps."""

from __future__ import annotations

from typing import Any

from ..domain import statistics
from ..domain.actors import Actor
from ..domain.lifecycle import Role
from ..errors import forbidden
from .ports import CounterStore, ProfileStore


class ReportService:
    """Figures over the requests a caller's role covers, at a fixed number of reads."""

    def __init__(self, counters: CounterStore, profiles: ProfileStore) -> None:
        self._counters = counters
        self._profiles = profiles

    def stats(self, actor: Actor) -> dict[str, Any]:
        """Totals, rates and averages: a customer's own requests, a designer's, or all (admins)."""
        if actor.role is Role.CUSTOMER:
            scope = statistics.customer_scope(actor.uid)
        elif actor.role is Role.DESIGNER:
            scope = statistics.designer_scope(actor.uid)
        else:
            scope = statistics.GLOBAL
        figures = statistics.summary(self._counters.counters([scope])[scope])
        if actor.is_admin:
            figures["activeDesigners"] = sum(1 for load in self.workload(actor) if load["active"])
        return figures

    def workload(self, actor: Actor) -> list[dict[str, Any]]:
        """Each designer's load (only the caller's own for a designer), least loaded first."""
        if actor.role is Role.CUSTOMER:
            raise forbidden("Only designers and admins see workload")
        if actor.role is Role.DESIGNER:
            designers = [{"id": actor.uid, "name": actor.name}]
        else:
            designers = self._profiles.users_with_role(Role.DESIGNER)
        scopes = {d["id"]: statistics.designer_scope(d["id"]) for d in designers}
        counters = self._counters.counters(list(scopes.values()))
        loads = [statistics.workload(d["id"], d.get("name"), counters[scopes[d["id"]]]) for d in designers]
        return sorted(loads, key=lambda w: (w["active"], w["designerId"]))
