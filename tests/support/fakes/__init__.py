"""In-memory stand-ins for the adapters, one module per port of services/ports.py, and the Stack
that bootstrap.build wires on them.

One `World` holds every collection as plain dicts; each fake is a view on it, as each Firestore
store is a view on one database. They keep the contracts the real stores keep (update times for
conditional writes, creates that refuse what exists, pages with cursors, an event's effects
written once), so a service test on them means what it says.
"""

from tests.support.fakes.bucket import FakeBucket
from tests.support.fakes.directory import FakeDirectory
from tests.support.fakes.events import FakeEvents
from tests.support.fakes.products import FakeProducts
from tests.support.fakes.profiles import FakeProfiles
from tests.support.fakes.push import FakePush
from tests.support.fakes.requests import FakeRequests
from tests.support.fakes.seats import FakeSeats
from tests.support.fakes.stack import UNLIMITED, FakeStores, Stack
from tests.support.fakes.stats import FakeStats
from tests.support.fakes.talk import FakeTalk
from tests.support.fakes.timers import FakeTimers
from tests.support.fakes.uploads import FakeUploads
from tests.support.fakes.usage import FakeUsage
from tests.support.fakes.world import Clock, Doc, World

__all__ = [
    "UNLIMITED",
    "Clock",
    "Doc",
    "FakeBucket",
    "FakeDirectory",
    "FakeEvents",
    "FakePush",
    "FakeProducts",
    "FakeProfiles",
    "FakeRequests",
    "FakeSeats",
    "FakeStats",
    "FakeStores",
    "FakeTalk",
    "FakeTimers",
    "FakeUploads",
    "FakeUsage",
    "Stack",
    "World",
]
