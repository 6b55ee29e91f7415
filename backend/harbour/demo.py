"""Demo people for a new, empty Harbour: in each demo council a PA, a team manager, a
content editor, an admin and two young people, so someone trying Harbour can sign in as
each role at once; and the participation and IRO teams the demo packs' "My views"
recipients name, with one member each. Each young person has a health passport: Jordan
shares theirs with the PA, Mia does not (her PA has recorded her health assessment). Each
has a pathway plan with a review date and tasks from the council's templates, some done,
some under way, one overdue.

Their passphrases and PINs are made at random on each install (never fixed values that
would also work on someone else's copy), printed once, and written to
`var/demo-accounts.json`, readable only by the operator.
"""

import json
import os
import re
import secrets
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from harbour.accounts import service as accounts
from harbour.accounts.models import StaffMember, Team, YoungPerson
from harbour.accounts.schemas import PersonKind, Principal, StaffRole
from harbour.credentials import PIN_PATTERN, TotpSecrets, hash_secret
from harbour.field_edits import Edit, staff_actor
from harbour.health import service as health
from harbour.health.schemas import HealthAssessmentIn
from harbour.kernel.time import utc_now
from harbour.plans import service as plans
from harbour.plans.models import PlanTask
from harbour.plans.schemas import TaskChanges, TaskIn, TaskOwner, TaskStatus
from harbour.tenancy import council_today
from harbour.tenants.models import Tenant

STAFF = [
    (StaffRole.personal_adviser, "Alex Morgan", "alex.pa"),
    (StaffRole.team_manager, "Sam Okafor", "sam.manager"),
    (StaffRole.content_editor, "Jo Lewis", "jo.editor"),
    (StaffRole.council_admin, "Chris Patel", "chris.admin"),
]
# The teams named by `council.views.recipients` in content/riverford.yaml and kingsmead.yaml.
RECIPIENT_TEAMS = [
    ("Participation team", (StaffRole.personal_adviser, "Rosa Bell", "rosa.participation")),
    ("Independent reviewing officers", (StaffRole.personal_adviser, "Dee Walker", "dee.iro")),
]
YOUNG_PEOPLE = [
    ("Jordan", date(2007, 6, 12), "former_relevant", "jordan"),
    ("Mia", date(2009, 2, 3), "looked_after", "mia"),
]
WORDS = (
    "amber",
    "birch",
    "cloud",
    "delta",
    "ember",
    "fern",
    "harbour",
    "island",
    "lantern",
    "maple",
    "otter",
    "pebble",
)


def _passphrase() -> str:
    return " ".join(secrets.choice(WORDS) for _ in range(4)) + f" {secrets.randbelow(90) + 10}"


def _pin() -> str:
    """Six random digits that pass the PIN rule."""
    while True:
        pin = f"{secrets.randbelow(1_000_000):06d}"
        if re.fullmatch(PIN_PATTERN, pin):
            return pin


def _staff(
    session: Session,
    key: bytes,
    totp: TotpSecrets,
    council: Tenant,
    team: Team,
    role: StaffRole,
    name: str,
    username: str,
) -> dict[str, Any]:
    passphrase = _passphrase()
    joined = accounts.create_local_staff(
        session, key, totp, council, name, role, username, passphrase
    )
    staff = accounts.find_staff_by_username(session, council, username)
    assert staff is not None
    if role in (StaffRole.personal_adviser, StaffRole.team_manager):
        staff.team_id = team.id
        session.add(staff)
        session.commit()
    return {
        "council": council.slug,
        "role": role.value,
        "name": name,
        "sign_in": {
            "how": "Staff sign-in: username, passphrase and a code from an authenticator app "
            "set up with the TOTP secret (or one of the recovery codes).",
            "api": "POST /api/v1/auth/staff/sign-in",
            "username": username,
            "passphrase": passphrase,
            "totp_secret": joined.totp_secret,
            "totp_uri": joined.totp_uri,
            "recovery_codes": joined.recovery_codes,
        },
    }


# What happened to each demo task, in order: who moved it on (if anyone), to what, with what
# note. The third is left overdue.
DEMO_TASKS: list[tuple[PersonKind | None, TaskStatus | None, str | None]] = [
    (PersonKind.young_person, TaskStatus.done, "Done! My carer came with me."),
    (PersonKind.staff, TaskStatus.in_progress, "I have booked us in for next Thursday."),
    (None, None, None),
    (None, None, None),
    (PersonKind.staff, TaskStatus.not_needed, None),
]


def _demo_plan(
    session: Session,
    council: Tenant,
    person: YoungPerson,
    pa: StaffMember,
    review_in_days: int,
    first_template: int,
) -> None:
    """A plan to look at, made through the plan rules so its history is real."""
    staff = Principal(
        PersonKind.staff, pa.id, council.id, uuid.uuid4(), StaffRole(pa.role), pa.team_id
    )
    them = Principal(PersonKind.young_person, person.id, council.id, uuid.uuid4())
    today = council_today(council)
    review = today + timedelta(days=review_in_days)
    plans.edit_plan(session, council, person, staff, uuid.uuid4(), 0, review)
    templates = plans.list_templates(session, council).templates
    count = min(len(DEMO_TASKS), len(templates))
    step = max(1, len(templates) // len(DEMO_TASKS))  # across the domains
    picked = [templates[(first_template + i * step) % len(templates)] for i in range(count)]
    for number, (template, (who, status, note)) in enumerate(zip(picked, DEMO_TASKS, strict=False)):
        days = -3 if number == 2 else (template.due_in_days or 30)
        data = TaskIn.model_validate(
            {
                "id": uuid.uuid4(),
                "template_id": template.id,
                "title": template.title,
                "description": template.description,
                "domain": template.domain,
                "owner": template.owner,
                "owner_name": "To be agreed" if template.owner is TaskOwner.other else None,
                "due_on": (today + timedelta(days=days)).isoformat(),
                "offer_item_id": template.offer_item_id,
            }
        )
        plans.add_task(session, council, person, staff, data, utc_now())
        if who is None or status is None:
            continue
        actor = them if who is PersonKind.young_person else staff
        task = session.get(PlanTask, {"id": data.id, "tenant_id": council.id})
        assert task is not None
        changes = TaskChanges(status=status)
        plans.edit_task(session, council, task, actor, uuid.uuid4(), 1, changes, utc_now())
        if note:
            plans.add_note(session, council, task, actor, uuid.uuid4(), note)
        session.commit()


def _young_person(
    session: Session, council: Tenant, pa: StaffMember, person: tuple[str, date, str, str]
) -> dict[str, Any]:
    name, born, status, username = person
    pin = _pin()
    row = YoungPerson(
        tenant_id=council.id,
        preferred_name=name,
        date_of_birth=born,
        legal_status=status,
        allocated_pa_id=pa.id,
        username=username,
        secret_kind="pin",  # noqa: S106  (the kind of secret, not one)
        secret_hash=hash_secret(pin),
    )
    session.add(row)
    session.commit()
    # The first has a review coming up; the second's is overdue, for the caseload glance.
    first = name == YOUNG_PEOPLE[0][0]
    _demo_plan(session, council, row, pa, 42 if first else -4, 0 if first else 1)
    return {
        "council": council.slug,
        "role": "young_person",
        "name": name,
        "sign_in": {
            "how": "Young person's sign-in: council, username and PIN.",
            "api": "POST /api/v1/auth/young-person/sign-in",
            "username": username,
            "pin": pin,
        },
    }


def _days(today: date, days: int) -> date:
    return today + timedelta(days=days)


def _passports(session: Session, council: Tenant, pa: StaffMember) -> None:
    """Jordan (a care leaver) keeps a full passport and shares it; Mia (in care) keeps a few
    details to herself, and her PA has recorded her yearly health assessment."""
    today = council_today(council)
    people = {
        person.username: person
        for person in session.exec(
            select(YoungPerson).where(YoungPerson.tenant_id == council.id)
        ).all()
    }
    jordan = {
        "nhs_number": "9434765919",
        "gp_name": "Riverside Medical Centre",
        "gp_phone": "01632 960 210",
        "gp_address": "14 Mill Lane",
        "dentist_name": "Harbour Street Dental",
        "dentist_phone": "01632 960 355",
        "allergies": "Penicillin (it gives me a rash)",
        "medicines": "Blue inhaler when I need it",
        "immunisations": "Up to date. Flu jab every autumn because of my asthma.",
        "dental_check_last": _days(today, -120),
        "dental_check_next": _days(today, 62),
        "eye_test_last": _days(today, -600),
        "eye_test_next": _days(today, 130),
        "passport_review": _days(today, 182),
        "shared_with_pa": True,
    }
    mia = {"gp_name": "Kingsway Surgery", "allergies": "None I know of"}
    for username, values in (("jordan", jordan), ("mia", mia)):
        person = people[username]
        edit = Edit(op_id=uuid.uuid4(), base_version=0, values=values)
        health.edit_as_young_person(session, council.id, person.id, edit)
        session.commit()
    dates = {"last": _days(today, -150).isoformat(), "next": _days(today, 215).isoformat()}
    assessment = HealthAssessmentIn.model_validate({"op_id": uuid.uuid4(), **dates})
    health.record_assessment(session, people["mia"], staff_actor(pa), assessment)


def create_demo_people(session: Session, key: bytes, totp: TotpSecrets) -> list[dict[str, Any]]:
    """For every council that has no staff yet: the demo staff and young people."""
    made: list[dict[str, Any]] = []
    for council in session.exec(select(Tenant).order_by(col(Tenant.slug))).all():
        if accounts.list_staff(session, council).staff:
            continue
        team = Team(tenant_id=council.id, name="Leaving care team")
        session.add(team)
        session.commit()
        made += [_staff(session, key, totp, council, team, *entry) for entry in STAFF]
        pa = accounts.find_staff_by_username(session, council, "alex.pa")
        assert pa is not None
        made += [_young_person(session, council, pa, person) for person in YOUNG_PEOPLE]
        _passports(session, council, pa)
        for team_name, member in RECIPIENT_TEAMS:
            recipients = Team(tenant_id=council.id, name=team_name)
            session.add(recipients)
            session.commit()
            made.append(_staff(session, key, totp, council, recipients, *member))
    return made


def write_accounts_file(path: Path, made: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "about": "Demo sign-in details made for this copy of Harbour only. Do not use the "
        "demo on a server with real people's records.",
        "accounts": made,
    }
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as file:
        json.dump(document, file, indent=2)
        file.write("\n")


def describe(made: list[dict[str, Any]]) -> list[str]:
    lines = []
    for account in made:
        sign_in = account["sign_in"]
        if account["role"] == "young_person":
            secret = f"PIN {sign_in['pin']}"
        else:
            secret = f"passphrase '{sign_in['passphrase']}', TOTP secret {sign_in['totp_secret']}"
        lines.append(
            f"  {account['council']:<10} {account['role']:<17} {sign_in['username']:<12} {secret}"
        )
    return lines
