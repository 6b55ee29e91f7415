"""The young person keeps their health passport on their phone: edits go through the sync
push (kind `passport_edit`) and the field edit engine, and come back with the pull."""

import pytest

from harbour.health.schemas import nhs_number_is_valid
from tests.health.conftest import AsPerson
from tests.people import World, passport_item, pull, push


def test_the_first_edit_makes_the_passport_and_the_pull_brings_it_back(
    world: World, as_person: AsPerson
) -> None:
    jordan = as_person(world.yp1)
    item = passport_item(
        nhs_number="943 476 5919",
        gp_name="Riverside Surgery",
        gp_phone="01632 960 123",
        allergies="Penicillin",
        dental_check_next="2027-03-04",
    )

    results = push(jordan, item)
    pulled = pull(jordan)

    assert [r["status"] for r in results] == ["accepted"]
    passport = pulled["passport"]
    assert passport["exists"] is True
    assert passport["version"] == 1
    assert passport["nhs_number"] == "9434765919"  # stored without the spaces
    assert (passport["gp_name"], passport["gp_phone"]) == ("Riverside Surgery", "01632 960 123")
    assert passport["dental_check_next"] == "2027-03-04"
    assert passport["shared_with_pa"] is False
    assert passport["dentist_name"] is None
    assert passport["recorded_by"]["dental_check_next"]["kind"] == "young_person"
    assert passport["recorded_by"]["dental_check_next"]["name"] is None
    [entry] = pulled["history"]
    assert entry["op_id"] == item["id"]
    assert entry["record"] == "passport"
    assert entry["by"] == {"kind": "young_person", "name": None, "role": None}
    assert entry["device"] == "Test device"
    assert {c["field"] for c in entry["changes"]} == {
        "nhs_number",
        "gp_name",
        "gp_phone",
        "allergies",
        "dental_check_next",
    }
    assert all(c["before"] is None and not c["replaced_unseen"] for c in entry["changes"])


def test_a_pull_since_the_cursor_brings_only_what_changed(
    world: World, as_person: AsPerson
) -> None:
    jordan = as_person(world.yp1)
    push(jordan, passport_item(gp_name="Riverside Surgery"))
    first = pull(jordan)

    unchanged = pull(jordan, first["cursor"])
    push(jordan, passport_item(1, gp_name="Hillside Surgery"))
    changed = pull(jordan, first["cursor"])

    assert (unchanged["passport"], unchanged["history"]) == (None, [])
    assert changed["passport"]["gp_name"] == "Hillside Surgery"
    assert changed["passport"]["version"] == 2
    assert [e["changes"][0]["before"] for e in changed["history"]] == ["Riverside Surgery"]


def test_a_young_person_pulls_only_their_own_passport(world: World, as_person: AsPerson) -> None:
    push(as_person(world.yp2), passport_item(gp_name="Kai's surgery"))
    push(as_person(world.south_yp), passport_item(gp_name="Southmere surgery"))

    pulled = pull(as_person(world.yp1))

    assert (pulled["passport"], pulled["history"]) == (None, [])


def test_an_edit_made_before_seeing_a_newer_one_still_wins_and_the_history_keeps_both(
    world: World, as_person: AsPerson
) -> None:
    phone, tablet = as_person(world.yp1), as_person(world.yp1)
    push(phone, passport_item(0, dentist_name="Smile Dental"))
    # The tablet had not pulled: it still shows version 0.
    push(tablet, passport_item(0, dentist_name="Bright Teeth", optician_name="Specs Ltd"))

    pulled = pull(phone)

    assert pulled["passport"]["dentist_name"] == "Bright Teeth"
    assert pulled["passport"]["optician_name"] == "Specs Ltd"
    assert pulled["passport"]["version"] == 2
    changes = [c for entry in pulled["history"] for c in entry["changes"]]
    assert {"field": "dentist_name", "before": "Smile Dental", "after": "Bright Teeth"}.items() <= (
        next(c for c in changes if c["after"] == "Bright Teeth").items()
    )
    assert next(c for c in changes if c["after"] == "Bright Teeth")["replaced_unseen"] is True
    assert next(c for c in changes if c["field"] == "optician_name")["replaced_unseen"] is False


def test_a_field_cleared_with_null_or_blank_is_empty(world: World, as_person: AsPerson) -> None:
    jordan = as_person(world.yp1)
    push(jordan, passport_item(gp_name="Riverside Surgery", medicines="Inhaler"))

    push(jordan, passport_item(1, gp_name=None, medicines="   "))
    passport = pull(jordan)["passport"]

    assert (passport["gp_name"], passport["medicines"]) == (None, None)
    assert passport["version"] == 2


def test_sending_an_edit_again_changes_nothing(world: World, as_person: AsPerson) -> None:
    jordan = as_person(world.yp1)
    item = passport_item(eye_test_next="2027-05-01")

    first, again = push(jordan, item), push(jordan, item)
    pulled = pull(jordan)

    assert [first[0]["status"], again[0]["status"]] == ["accepted", "duplicate"]
    assert len(pulled["history"]) == 1
    assert pulled["passport"]["version"] == 1


def test_a_version_the_server_never_gave_out_is_refused(world: World, as_person: AsPerson) -> None:
    jordan = as_person(world.yp1)

    [result] = push(jordan, passport_item(3, gp_name="Riverside Surgery"))

    assert result["status"] == "rejected"
    assert [e["field"] for e in result["errors"]] == ["body.base_version"]
    assert pull(jordan)["passport"] is None


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"nhs_number": "943 476 5918"}, "body.set.nhs_number"),  # wrong check digit
        ({"nhs_number": "0000000060"}, "body.set.nhs_number"),  # check digit would be 10
        ({"nhs_number": "94347659"}, "body.set.nhs_number"),
        ({"nhs_number": "94347659l9"}, "body.set.nhs_number"),
        ({"gp_name": "x" * 201}, "body.set.gp_name"),
        ({"dentist_address": "1 High St\nTown"}, "body.set.dentist_address"),
        ({"gp_phone": "call 01632"}, "body.set.gp_phone"),
        ({"optician_phone": "0" * 31}, "body.set.optician_phone"),
        ({"allergies": "x" * 2001}, "body.set.allergies"),
        ({"conditions": "bad\x00byte"}, "body.set.conditions"),
        ({"dental_check_next": "next Tuesday"}, "body.set.dental_check_next"),
        ({"passport_review": "2027-02-30"}, "body.set.passport_review"),
        ({"eye_test_last": 20270101}, "body.set.eye_test_last"),
        ({"shared_with_pa": None}, "body.set.shared_with_pa"),
        ({"favourite_colour": "blue"}, "body.set.favourite_colour"),
        ({}, "body.set"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(
    world: World, as_person: AsPerson, values: dict[str, object], field: str
) -> None:
    jordan = as_person(world.yp1)
    # Good fields beside the bad one: none of them may be stored.
    good = {"gp_name": "Riverside Surgery", "shared_with_pa": True} if values else {}

    [result] = push(jordan, passport_item(**(good | values)))

    assert result["status"] == "rejected"
    assert field in [e["field"] for e in result["errors"]], result
    assert pull(jordan)["passport"] is None


def test_the_nhs_check_digit() -> None:
    assert nhs_number_is_valid("9434765919")
    assert nhs_number_is_valid("4010232137")
    assert not nhs_number_is_valid("9434765918")
    assert not any(nhs_number_is_valid(f"000000006{d}") for d in range(10))  # check is 10


def test_staff_cannot_push_passport_edits(world: World, as_person: AsPerson) -> None:
    response = as_person(world.pa1).client.post(
        "/api/v1/sync/push", json={"items": [passport_item(gp_name="Riverside Surgery")]}
    )

    assert response.status_code == 403
