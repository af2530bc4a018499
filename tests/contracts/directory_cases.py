"""UserDirectory's contract: who it finds, what a role, a name or a disabled flag changes, and that
every user is listed once. Run on the fake (tests/unit/contracts) and on Firebase Auth
(tests/emulator/contracts)."""

from __future__ import annotations

from customizations.domain.actors import Actor
from customizations.domain.lifecycle import Role

from .tiers import Directory, Seed

PAGE = 1000  # Auth's page in list_users: one more user than that takes two pages
ANN = Seed("ann", "Ann Lee", "ann@example.com", {"role": "designer", "team": "north"})


def test_an_unknown_uid_is_none(directory: Directory):
    directory.around.add(ANN)

    assert directory.users.user("nobody") is None
    assert directory.users.user("ann") == Actor("ann", Role.DESIGNER, "Ann Lee", "ann@example.com")


def test_a_role_set_is_the_next_reads_and_the_other_claims_are_kept(directory: Directory):
    directory.around.add(ANN)

    directory.users.set_role("ann", Role.ADMIN)
    assert directory.users.user("ann") == Actor("ann", Role.ADMIN, "Ann Lee", "ann@example.com")
    assert directory.around.claims("ann") == {"role": "admin", "team": "north"}


def test_a_user_without_a_name_or_a_role_is_a_customer_named_by_their_email(directory: Directory):
    directory.around.add(Seed("bob", None, "bob@example.com", {}))

    assert directory.users.user("bob") == Actor("bob", Role.CUSTOMER, "bob@example.com", "bob@example.com")
    directory.users.set_role("bob", Role.DESIGNER)
    assert directory.around.claims("bob") == {"role": "designer"}


def test_a_name_set_is_the_next_reads_on_one_line(directory: Directory):
    directory.around.add(ANN)

    directory.users.set_name("ann", "Ann Marie Lee")
    assert directory.users.user("ann") == Actor("ann", Role.DESIGNER, "Ann Marie Lee", "ann@example.com")
    directory.users.set_name("ann", "Ann\nLee")
    assert directory.users.user("ann") == Actor("ann", Role.DESIGNER, "Ann Lee", "ann@example.com")
    assert directory.around.claims("ann") == ANN.claims


def test_a_verified_email_stays_verified_through_a_new_role_and_name(directory: Directory):
    directory.around.add(Seed("cat", "Cat", "cat@example.com", {}, verified=True))

    directory.users.set_role("cat", Role.DESIGNER)
    directory.users.set_name("cat", "Cat Ng")
    assert directory.users.user("cat") == Actor(
        "cat", Role.DESIGNER, "Cat Ng", "cat@example.com", email_verified=True
    )


def test_a_user_disabled_and_enabled_again_is_still_found(directory: Directory):
    directory.around.add(ANN, Seed("bob", "Bob", "bob@example.com", {}))

    directory.users.set_disabled("ann", True)
    assert directory.around.disabled("ann") and not directory.around.disabled("bob")
    assert directory.users.user("ann") == Actor("ann", Role.DESIGNER, "Ann Lee", "ann@example.com")
    directory.users.set_disabled("ann", True)  # twice: still disabled
    assert directory.around.disabled("ann")
    directory.users.set_disabled("ann", False)
    assert not directory.around.disabled("ann")
    assert directory.around.claims("ann") == ANN.claims


def test_every_user_is_listed_once_over_more_than_one_page(directory: Directory):
    seeds = [Seed(f"u{n:04}", f"User {n}", f"u{n:04}@example.com", {}) for n in range(PAGE + 1)]
    directory.around.add(*seeds)
    directory.users.set_disabled("u0007", True)  # a disabled user is listed too

    listed = [user.uid for user in directory.users.every_user()]
    assert sorted(listed) == [seed.uid for seed in seeds]
