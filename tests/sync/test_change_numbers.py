"""Each young person's change numbers (decision 021): changes about different young people
commit in parallel, in any order, and a phone's incremental pulls still never miss a change
that commits after a pull, nor send one twice.

The races need two write transactions open at once, on two real connections: PostgreSQL.
SQLite lets one transaction write at a time, so there the second would wait for the first
whatever the numbers did."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from harbour.kernel.change_sequence import current_change, next_change
from harbour.statements.models import Statement
from harbour.statements.service import lock_for_change
from tests.people import SignedIn, World, make_statement, pull

AsPerson = Callable[..., SignedIn]


def needs_two_writers(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one transaction write at a time: set HARBOUR_TEST_DATABASE_URL")


def open_it(session: Session, council: uuid.UUID, statement: uuid.UUID) -> int:
    """A PA opening the statement, as `read_statement` does, left uncommitted: its number."""
    row = session.get(Statement, {"id": statement, "tenant_id": council})
    assert row is not None
    number = lock_for_change(session, row)
    row.first_read_at, row.status, row.change_seq = datetime.now(UTC), "seen", number
    session.add(row)
    session.flush()
    return number


def waits_at_most(session: Session, milliseconds: int) -> None:
    """This transaction gives up on a row lock after `milliseconds` instead of waiting."""
    session.execute(text(f"SET LOCAL lock_timeout = '{milliseconds}ms'"))


def states(pulled: dict[str, Any]) -> list[tuple[str, str]]:
    return [(state["id"], state["status"]) for state in pulled["statements"]]


def test_a_change_that_commits_after_a_pull_comes_in_the_next_one_and_only_there(
    world: World, engine: Engine, as_person: AsPerson
) -> None:
    """T1 (about Jordan) takes a lower number and T2 (about Kai) a higher one; T2 commits
    while T1 is still open (it does not wait for it), both phones pull, then T1 commits:
    Jordan's next pull brings T1's change, and no pull brings anything twice."""
    needs_two_writers(engine)
    council = world.north.id
    jordans = make_statement(engine, world.yp1)
    kais = [make_statement(engine, world.yp2) for _ in range(3)]  # Kai's numbers are higher
    jordan, kai = as_person(world.yp1), as_person(world.yp2)
    first = {"jordan": pull(jordan), "kai": pull(kai)}

    with Session(engine) as one, Session(engine) as two:
        number_one = open_it(one, council, jordans)
        waits_at_most(two, 2000)  # T2 waiting for T1 would fail here, not hang
        number_two = open_it(two, council, kais[0])
        two.commit()
        between = {
            "jordan": pull(jordan, first["jordan"]["cursor"]),
            "kai": pull(kai, first["kai"]["cursor"]),
        }
        one.commit()
    after = {
        "jordan": pull(jordan, between["jordan"]["cursor"]),
        "kai": pull(kai, between["kai"]["cursor"]),
    }

    assert number_one < number_two
    assert states(between["jordan"]) == []
    assert between["jordan"]["cursor"] == number_one - 1  # below T1's number, still open
    assert states(between["kai"]) == [(str(kais[0]), "read")]
    assert states(after["jordan"]) == [(str(jordans), "read")]
    assert after["jordan"]["cursor"] == number_one
    assert states(after["kai"]) == []
    for person in ("jordan", "kai"):  # after the first pull, nothing comes twice
        later = (between[person], after[person])
        ids = [state["id"] for one_pull in later for state in one_pull["statements"]]
        assert len(ids) == len(set(ids))
    assert sorted(s["id"] for s in first["kai"]["statements"]) == sorted(map(str, kais))


def test_a_second_change_about_the_same_young_person_waits_for_the_first(
    world: World, engine: Engine, as_person: AsPerson
) -> None:
    """Nobody can take a higher number of Jordan's, and commit, while a lower one is open:
    the pull in between stops below the open number, and the change arrives in the next."""
    needs_two_writers(engine)
    council, person = world.north.id, world.yp1.id
    statement = make_statement(engine, world.yp1)
    jordan = as_person(world.yp1)
    cursor = pull(jordan)["cursor"]

    with Session(engine) as one, Session(engine) as two:
        number_one = open_it(one, council, statement)
        waits_at_most(two, 200)
        with pytest.raises(OperationalError, match="lock timeout"):
            next_change(two, council, person)
        two.rollback()
        between = pull(jordan, cursor)
        one.commit()
        number_two = next_change(two, council, person)
        two.commit()
    after = pull(jordan, between["cursor"])

    assert number_two == number_one + 1
    assert (between["cursor"], states(between)) == (cursor, [])
    assert states(after) == [(str(statement), "read")]


def test_each_young_person_numbers_their_own_changes_from_one(world: World, engine: Engine) -> None:
    for _ in range(3):
        make_statement(engine, world.yp1)
    make_statement(engine, world.yp2)

    with Session(engine) as session:
        counters = {
            person.id: current_change(session, person.tenant_id, person.id)
            for person in (world.yp1, world.yp2, world.yp3, world.south_yp)
        }

    assert counters == {world.yp1.id: 3, world.yp2.id: 1, world.yp3.id: 0, world.south_yp.id: 0}


def test_a_rolled_back_change_gives_its_number_to_the_next(world: World, engine: Engine) -> None:
    """A number is only ever on rows that committed with it, so a pull's window has no gap
    it could wait on."""
    council, person = world.north.id, world.yp1.id
    with Session(engine) as session:
        taken = next_change(session, council, person)
        session.rollback()
        again = next_change(session, council, person)
        session.commit()

    assert taken == again == 1


def test_a_young_person_who_never_changed_anything_pulls_from_nothing(
    world: World, as_person: AsPerson
) -> None:
    pulled = pull(as_person(world.yp3))

    assert pulled["cursor"] == 0
    assert pulled["statements"] == pulled["tasks"] == []
