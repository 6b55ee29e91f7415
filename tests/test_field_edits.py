"""The field-level merge rules, on their own (plans and passports use them through the API)."""

import uuid
from datetime import date

from harbour.field_edits import Change, Edit, merge


def edit(base_version: int, **values: object) -> Edit:
    return Edit(op_id=uuid.uuid4(), base_version=base_version, values=values)


CURRENT = {"status": "to_do", "due_on": date(2027, 1, 10), "title": "Open a bank account"}


def test_a_field_nobody_else_changed_takes_the_new_value_quietly() -> None:
    changes = merge(CURRENT, {"due_on": 3}, edit(3, status="done"))
    assert changes == [Change("status", "to_do", "done", replaced_unseen=False)]


def test_a_field_changed_since_the_senders_version_is_replaced_and_marked() -> None:
    # The PA moved the due date at version 4; the phone last saw version 3.
    changes = merge(CURRENT, {"due_on": 4}, edit(3, due_on=date(2027, 2, 1)))
    assert changes == [Change("due_on", "2027-01-10", "2027-02-01", replaced_unseen=True)]


def test_setting_a_field_to_the_value_it_has_changes_nothing() -> None:
    assert merge(CURRENT, {}, edit(1, status="to_do", due_on=date(2027, 1, 10))) == []


def test_changes_come_in_field_order() -> None:
    changes = merge(CURRENT, {}, edit(1, title="Bank account", status="in_progress"))
    assert [c.field for c in changes] == ["status", "title"]
