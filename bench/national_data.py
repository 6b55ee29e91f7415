"""All of England on one Harbour: a generator for a national-scale PostgreSQL database.

Fills an empty database (made and migrated here with --create, or already migrated) with
about 152 councils, 110,000 young people, 6,000 staff, 2 million statements with their
replies and sync receipts, 1 million pathway-plan tasks and their reminders, the reminder
settings of three in ten young people who joined, plus what the app needs to serve them:
each council's content pack (the demo packs in content/, cloned with a new slug and name)
and one signed-in session per person, whose tokens the load test derives again from the
seed (bench.national_load). Rows are written with COPY, council by
council; the columns come from the SQLAlchemy models, so a column the schema adds without a
default stops the run instead of being left out silently.

The shape follows docs and domain.md: councils of very different sizes; PAs with caseloads
of 18 to 25, eight to a team with a manager; each council's participation team and IROs;
care leavers of 15 to 24; statements of every type over the last three years, nearly all of
the older ones answered and done, about 2% urgent; plans and tasks from the pack's
templates; the reminders those tasks and plan reviews call for (sent, pending or cancelled,
as the rules in harbour.reminders.service would have left them). Change numbers are handed
out per young person (decision 021) in the order their rows last changed, and each young
person's counter, which their pulls read, is filled to their highest (`fill_change_counters`).

Deterministic: the same --seed and --today give the same rows.

Usage (PostgreSQL on 127.0.0.1:5432 here; about 13 minutes at --scale 1 on 2 cores):
    .venv/bin/python -m bench.national_data --create --councils 3 --young-people 2000 \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/harbour_small
    .venv/bin/python -m bench.national_data --create --scale 0.05
    .venv/bin/python -m bench.national_data --create             # national: --scale 1
"""

import argparse
import hmac
import json
import random
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import yaml
from sqlalchemy import JSON, Table, create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel, select

from harbour import models_registry  # noqa: F401  (every table)
from harbour.accounts.models import LegalStatusChange, StaffMember, Team, YoungPerson
from harbour.auth.models import SignInSession
from harbour.config import PROJECT_ROOT, Settings
from harbour.content import load_pack
from harbour.credentials import hash_secret, session_digest
from harbour.db import make_engine
from harbour.kernel.change_sequence import ChangeCounter
from harbour.migrate import upgrade_to_head
from harbour.plans.models import Plan, PlanTask, TaskTemplate
from harbour.plans.schemas import MAX_TASKS
from harbour.reminders.models import Reminder, ReminderPreference
from harbour.reminders.schemas import YOUNG_PERSON_KINDS
from harbour.reminders.service import at_local
from harbour.statements.models import Statement, StatementReply
from harbour.statements.service import due_at
from harbour.sync.models import SyncReceipt
from harbour.tenants.models import Tenant
from harbour.tenants.schemas import PA_RECIPIENT, ReminderSettings, ViewsSettings
from harbour.tenants.service import reminder_settings, views_settings

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/harbour_national"
SEED = 15
PACKS = sorted((PROJECT_ROOT / "content").glob("*.yaml"))

# England at scale 1 (domain.md; issue 15).
COUNCILS = 152
YOUNG_PEOPLE = 110_000
STATEMENTS = 2_000_000
TASKS = 1_000_000

CASELOAD = (18, 25)  # domain.md: Worcestershire cut caseloads from about 28 to 20-22
PAS_PER_TEAM = 8
ALLOCATED = 0.98  # a few are waiting for a PA
JOINED = 0.9  # have set a PIN on their phone (and so hold a session)
SAVED_SETTINGS = 0.3  # of those, have chosen their own quiet hours (every kind left on)
HISTORY = timedelta(days=3 * 365)
URGENT_BY_PHRASE = 0.01
TYPES = {"feeling": 38, "meeting": 14, "problem": 14, "good_news": 12, "ask": 20, "help_now": 2}
TEAM_RECIPIENTS = 0.15  # statements sent to the participation team or the IRO, not the PA
TASK_STATUSES_PAST = {"done": 80, "not_needed": 8, "in_progress": 4, "to_do": 8}
TASK_STATUSES_NOW = {"to_do": 55, "in_progress": 25, "done": 18, "not_needed": 2}
OWNERS = {"young_person": 60, "pa": 30, "carer": 5, "social_worker": 5}
DOMAINS = ["accommodation", "eet", "health", "money", "skills", "relationships", "identity"]
TASK_DUE_OFFSET, TASK_OVERDUE_OFFSET = 1, -1  # the default offsets (tenants.schemas)

# Split from one string each (SIM905): a list literal would take a line per name.
FIRST_NAMES = (  # noqa: SIM905
    "Aaliyah Abdi Adam Aisha Alfie Amara Amelia Amir Archie Ava Bailey Bella Blessing Brandon "
    "Caleb Callum Chloe Corey Daisy Daniel Darius Demi Dylan Eden Elijah Ella Ellie Emeka Esme "
    "Ethan Evie Faith Finley Freya Grace Hamza Harley Harvey Hassan Imani Isaac Isla Ivy Jack "
    "Jade Jamal Jayden Jordan Kai Kayla Kofi Lacey Leah Leo Liam Lily Logan Lucas Maisie Mason "
    "Maya Mia Mohammed Nadia Nathan Nia Noah Oliver Olivia Oscar Paige Precious Reece Riley "
    "Rosie Ryan Sam Samira Scarlett Sienna Sofia Taylor Theo Tia Tyler Yusuf Zainab Zara Zoe"
).split()
SURNAMES = (  # noqa: SIM905
    "Ahmed Ali Bailey Begum Bennett Brown Campbell Clarke Cooper Davies Edwards Evans Green "
    "Hall Harris Hughes Hussain Jackson James Johnson Jones Khan King Lewis Martin Mensah Miah "
    "Mitchell Moore Morris Nowak Okafor Patel Phillips Roberts Robinson Shah Smith Taylor "
    "Thomas Thompson Turner Walker Ward White Williams Wilson Wood Wright Young"
).split()
WORDS = {
    "feeling": ["College is going OK but I'm tired all the time.", "Money is tight this month."],
    "meeting": ["I want to talk about where I live next.", "Can we meet somewhere quieter?"],
    "problem": ["My landlord hasn't fixed the boiler.", "My benefits payment is late again."],
    "good_news": ["I passed my driving theory test!", "I got the job at the cafe."],
    "ask": ["Can I get help with a bus pass?", "How do I apply for the setting up home grant?"],
}


# --- scale --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """How much to make: England at scale 1."""

    councils: int
    young_people: int
    statements: int
    tasks: int

    @classmethod
    def at(cls, scale: float, councils: int | None = None) -> "Shape":
        """England times `scale`; `councils` share the young people (default: 152 times the
        scale, at least 2)."""
        return cls(
            councils=councils or max(2, round(COUNCILS * scale)),
            young_people=round(YOUNG_PEOPLE * scale),
            statements=round(STATEMENTS * scale),
            tasks=round(TASKS * scale),
        )

    def council_sizes(self, rng: random.Random) -> list[int]:
        """Young people per council: a long tail, as in England (tens to a couple of
        thousand), adding up to the total."""
        weights = [rng.lognormvariate(0, 0.6) for _ in range(self.councils)]
        total = sum(weights)
        return [max(30, round(self.young_people * w / total)) for w in weights]


# --- the simulated people's sessions --------------------------------------------------------


def bench_secret(seed: int, person_id: uuid.UUID, purpose: str) -> str:
    """A session's token or CSRF token, derived from the seed so the load test can sign in
    as anyone without the database keeping more than the token's digest (decision 002)."""
    mac = hmac.new(
        f"harbour-national-{seed}".encode(), person_id.bytes + purpose.encode(), "sha256"
    )
    return mac.hexdigest()


def session_row(seed: int, tenant_id: uuid.UUID, kind: str, person_id: uuid.UUID) -> dict[str, Any]:
    """Signed in now (not at --today's midnight like the history): staff sessions idle out
    after an hour, so the load test touches them again before it starts."""
    now = datetime.now(UTC)
    defaults = Settings.model_fields
    staff = kind == "staff"
    idle = defaults["staff_idle_minutes" if staff else "young_person_idle_minutes"].default
    hours = defaults["staff_absolute_hours" if staff else "young_person_absolute_hours"].default
    return {
        "id": uuid.uuid5(person_id, "bench-session"),
        "tenant_id": tenant_id,
        "token_digest": session_digest(bench_secret(seed, person_id, "session")),
        "csrf_token": bench_secret(seed, person_id, "csrf"),
        "person_kind": kind,
        "person_id": person_id,
        "device_label": "bench",
        "created_at": now,
        "last_seen_at": now,
        "idle_minutes": idle,
        "expires_at": now + timedelta(hours=hours),
    }


# --- writing rows -------------------------------------------------------------------------


def _table(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def copy_rows(
    cursor: psycopg.Cursor[Any], model: type[SQLModel], rows: list[dict[str, Any]]
) -> int:
    """COPY `rows` into the model's table, every column the model declares. A required
    column (no default in the database) missing from the rows stops the run."""
    if not rows:
        return 0
    table = _table(model)
    given = rows[0].keys()
    missing = [
        c.name
        for c in table.columns
        if c.name not in given and not c.nullable and c.server_default is None
    ]
    if missing:
        raise RuntimeError(f"{table.name}: the generator gives no value for {missing}")
    columns = [c for c in table.columns if c.name in given]
    as_json = [isinstance(c.type, JSON) for c in columns]
    names = ", ".join(c.name for c in columns)
    with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:  # type: ignore[arg-type]
        for row in rows:
            values = [row[c.name] for c in columns]
            copy.write_row(
                [
                    json.dumps(v) if j and v is not None else v
                    for v, j in zip(values, as_json, strict=True)
                ]
            )
    return len(rows)


def fill_change_counters(
    cursor: psycopg.Cursor[Any], tenant_id: uuid.UUID, last_by_person: dict[uuid.UUID, int]
) -> int:
    """The counters a pull reads its cursor from: one row per young person with a change, at
    the highest number they were handed (decision 021; `next_change` goes on from there)."""
    rows = [
        {"tenant_id": tenant_id, "young_person_id": person, "last": last}
        for person, last in last_by_person.items()
    ]
    return copy_rows(cursor, ChangeCounter, rows)


# --- one council ----------------------------------------------------------------------------


def pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def new_id(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def digest(rng: random.Random) -> str:
    return f"{rng.getrandbits(256):064x}"


def name(rng: random.Random) -> tuple[str, str]:
    first = rng.choice(FIRST_NAMES)
    return first, f"{first} {rng.choice(SURNAMES)}"


@dataclass
class Council:
    """One council's rows, built in memory and then copied table by table."""

    tenant: Tenant
    rng: random.Random
    seed: int
    anchor: datetime  # midnight UTC at the start of --today: every made-up event is before it
    secret_hash: str
    rows: dict[type[SQLModel], list[dict[str, Any]]] = field(default_factory=dict)
    # Rows that carry a change number, with when they last changed and whose they are.
    numbered: list[tuple[datetime, uuid.UUID, dict[str, Any]]] = field(default_factory=list)
    pa_loads: list[tuple[uuid.UUID, int]] = field(default_factory=list)  # each PA's caseload size

    def add(self, model: type[SQLModel], row: dict[str, Any]) -> dict[str, Any]:
        self.rows.setdefault(model, []).append(row)
        return row

    def number(self, changed: datetime, person: uuid.UUID, row: dict[str, Any]) -> None:
        self.numbered.append((changed, person, row))

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tenant.time_zone)

    @cached_property
    def views(self) -> ViewsSettings:
        return views_settings(self.tenant)

    @cached_property
    def reminders(self) -> ReminderSettings:
        return reminder_settings(self.tenant)

    @property
    def today(self) -> date:
        return self.anchor.date()

    def before_now(self, moment: datetime) -> datetime:
        return min(moment, self.anchor - timedelta(minutes=1))

    # -- staff ------------------------------------------------------------------------------

    def staff(self, role: str, team: uuid.UUID | None, username: str) -> uuid.UUID:
        staff_id = new_id(self.rng)
        _, display = name(self.rng)
        self.add(
            StaffMember,
            {
                "id": staff_id,
                "tenant_id": self.tenant.id,
                "display_name": display,
                "role": role,
                "team_id": team,
                "active": True,
                "username": username,
                "created_at": self.anchor - HISTORY - timedelta(days=30),
            },
        )
        self.add(SignInSession, session_row(self.seed, self.tenant.id, "staff", staff_id))
        return staff_id

    def team(self, team_name: str) -> uuid.UUID:
        team_id = new_id(self.rng)
        created = self.anchor - HISTORY - timedelta(days=60)
        self.add(
            Team,
            {"id": team_id, "tenant_id": self.tenant.id, "name": team_name, "created_at": created},
        )
        return team_id

    def recipient_teams(self) -> dict[str, tuple[uuid.UUID, list[uuid.UUID]]]:
        """The pack's recipients that name a team (participation, IROs): the team and its
        one member here, who takes what is sent to it."""
        made = {}
        for recipient in self.views.recipients:
            if recipient.team is None:
                continue
            team = self.team(recipient.team)
            made[recipient.key] = (team, [self.staff("personal_adviser", team, recipient.key)])
        return made

    def caseloads(self, size: int) -> list[uuid.UUID | None]:
        """Each young person's PA (None: waiting for one), PAs in teams of eight with a
        manager, each PA with 18 to 25."""
        allocated = round(size * ALLOCATED)
        pas: list[uuid.UUID] = []
        team: uuid.UUID | None = None
        held = 0
        while held < allocated:
            if len(pas) % PAS_PER_TEAM == 0:
                team = self.team(f"Leaving care team {len(pas) // PAS_PER_TEAM + 1}")
                self.staff("team_manager", team, f"manager{len(pas) // PAS_PER_TEAM + 1}")
            pa = self.staff("personal_adviser", team, f"pa{len(pas) + 1}")
            load = min(self.rng.randint(*CASELOAD), allocated - held)
            pas.append(pa)
            held += load
            self.pa_loads.append((pa, load))
        people: list[uuid.UUID | None] = [pa for pa, load in self.pa_loads for _ in range(load)]
        people += [None] * (size - len(people))
        self.rng.shuffle(people)
        return people

    # -- young people -----------------------------------------------------------------------

    def young_person(self, index: int, pa: uuid.UUID | None) -> tuple[uuid.UUID, datetime]:
        person = new_id(self.rng)
        age = self.rng.choices(range(15, 25), [4, 10, 12, 14, 14, 13, 11, 9, 7, 6])[0]
        born = self.today - timedelta(days=age * 365 + self.rng.randrange(365))
        status = (
            self.rng.choice(["looked_after", "eligible", "relevant"])
            if age < 18
            else self.rng.choice(["former_relevant"] * 6 + ["qualifying"])
        )
        created = self.anchor - timedelta(days=self.rng.uniform(30, 4 * 365))
        preferred, full = name(self.rng)
        joined = self.rng.random() < JOINED
        self.add(
            YoungPerson,
            {
                "id": person,
                "tenant_id": self.tenant.id,
                "preferred_name": preferred,
                "date_of_birth": born,
                "legal_status": status,
                "allocated_pa_id": pa,
                "key_dates": [],
                "full_name": full,
                "case_reference": f"CR{index:06d}",
                "placement_type": self.rng.choice(
                    ["foster_care", "supported_lodgings", "own_tenancy", "staying_put"]
                ),
                "placement_out_of_area": self.rng.random() < 0.4,
                "unaccompanied_asylum_seeking": self.rng.random() < 0.06,
                "interpreter_needed": False,
                "active": True,
                "username": f"yp{index}" if joined else None,
                "secret_kind": "pin" if joined else None,
                "secret_hash": self.secret_hash if joined else None,
                "created_at": created,
                "updated_at": created,
            },
        )
        self.add(
            LegalStatusChange,
            {
                "id": new_id(self.rng),
                "tenant_id": self.tenant.id,
                "young_person_id": person,
                "legal_status": status,
                "recorded_at": created,
            },
        )
        if joined:
            self.add(
                SignInSession,
                session_row(self.seed, self.tenant.id, "young_person", person),
            )
        # From the id, not the random stream, so the other rows stay as they were without it.
        if joined and person.int % 1000 < SAVED_SETTINGS * 1000:
            self.add(
                ReminderPreference,
                {
                    "id": uuid.uuid5(person, "bench-reminder-settings"),
                    "tenant_id": self.tenant.id,
                    "person_kind": "young_person",
                    "person_id": person,
                    "enabled_kinds": sorted(kind.value for kind in YOUNG_PERSON_KINDS),
                    "quiet_start": "22:00",
                    "quiet_end": "07:30",
                    "updated_at": created,
                },
            )
        return person, created

    # -- statements -------------------------------------------------------------------------

    def statements(
        self,
        person: uuid.UUID,
        pa: uuid.UUID | None,
        since: datetime,
        how_many: int,
        teams: dict[str, tuple[uuid.UUID, list[uuid.UUID]]],
    ) -> None:
        window = (self.anchor - since).total_seconds()
        for _ in range(how_many):
            received = self.anchor - timedelta(seconds=self.rng.random() * window)
            kind = pick(self.rng, TYPES)
            to_team = kind != "help_now" and teams and self.rng.random() < TEAM_RECIPIENTS
            recipient = self.rng.choice(sorted(teams)) if to_team else PA_RECIPIENT
            team, members = teams[recipient] if to_team else (None, [])
            urgent = kind == "help_now" or self.rng.random() < URGENT_BY_PHRASE
            self.statement(person, pa, received, kind, recipient, team, members, urgent)

    def statement(
        self,
        person: uuid.UUID,
        pa: uuid.UUID | None,
        received: datetime,
        kind: str,
        recipient: str,
        team: uuid.UUID | None,
        members: list[uuid.UUID],
        urgent: bool,
    ) -> None:
        rng = self.rng
        days_old = (self.anchor - received).days
        holder = rng.choice(members) if members else pa
        # Without a PA it waits for the council's admin, who is not simulated here.
        status = (
            "new"
            if holder is None
            else pick(
                rng,
                {"done": 97, "in_progress": 2, "seen": 1}
                if days_old > 21
                else {"done": 60, "in_progress": 20, "seen": 15, "new": 5}
                if days_old > 3
                else {"done": 15, "in_progress": 15, "seen": 25, "new": 45},
            )
        )
        reader = holder if status != "new" else None
        read_at = self.before_now(received + timedelta(minutes=rng.uniform(5, 2 * 24 * 60)))
        answered = status == "done" or (status == "in_progress" and rng.random() < 0.5)
        answered_at = self.before_now(read_at + timedelta(minutes=rng.uniform(10, 24 * 60)))
        text = rng.choice(WORDS[kind]) if kind in WORDS else ""
        answers: dict[str, Any] = (
            {"feeling": rng.randint(1, 5), "text": text}
            if kind == "feeling"
            else {"meeting_kind": "pathway_plan_review", "want_to_happen": text}
            if kind == "meeting"
            else {"question": text}
            if kind == "ask"
            else {"text": text}
            if text
            else {}
        )
        meeting = received.date() + timedelta(days=rng.randint(-7, 60))
        statement_id = new_id(rng)
        row = self.add(
            Statement,
            {
                "id": statement_id,
                "tenant_id": self.tenant.id,
                "young_person_id": person,
                "type": kind,
                "recipient": recipient,
                "team_id": team,
                "answers": answers,
                "about": None,
                "preview": text[:140],
                "urgent": urgent,
                "urgent_reason": ("asked_for_help" if kind == "help_now" else "phrase")
                if urgent
                else None,
                "meeting_date": meeting if kind == "meeting" else None,
                "written_at": received - timedelta(minutes=rng.uniform(0, 600)),
                "received_at": received,
                "status": status,
                "assigned_staff_id": holder if recipient == PA_RECIPIENT or reader else None,
                "first_read_at": read_at if reader else None,
                "first_read_by_staff_id": reader,
                "acknowledged_at": read_at if urgent and reader else None,
                "acknowledged_by_staff_id": reader if urgent else None,
                "responded_at": answered_at if answered and reader else None,
                "responded_by_staff_id": reader if answered else None,
                "due_at": due_at(received, urgent, self.zone, self.views),
                "updated_at": answered_at if answered else read_at if reader else received,
            },
        )
        self.number(row["updated_at"], person, row)
        self.add(
            SyncReceipt,
            {
                "id": statement_id,
                "kind": "statement",
                "tenant_id": self.tenant.id,
                "body_sha256": digest(rng),
                "created_at": row["written_at"],
                "received_at": received,
            },
        )
        if answered and reader and rng.random() < 0.85:
            for n in range(1 + (rng.random() < 0.2)):
                sent = self.before_now(answered_at + timedelta(hours=n * rng.uniform(1, 48)))
                reply = self.add(
                    StatementReply,
                    {
                        "id": new_id(rng),
                        "statement_id": statement_id,
                        "tenant_id": self.tenant.id,
                        "staff_id": reader,
                        "text": "Thanks for telling me. Let's talk about it when I see you.",
                        "created_at": sent,
                        "read_at": sent + timedelta(hours=2) if rng.random() < 0.85 else None,
                    },
                )
                self.number(sent, person, reply)

    # -- plans, tasks and their reminders ---------------------------------------------------

    def plan(
        self,
        person: uuid.UUID,
        pa: uuid.UUID | None,
        since: datetime,
        how_many: int,
        templates: list[dict[str, Any]],
    ) -> None:
        rng = self.rng
        plan_id = new_id(rng)
        review = self.today + timedelta(days=rng.randint(-30, 180))
        plan = self.add(
            Plan,
            {
                "id": plan_id,
                "tenant_id": self.tenant.id,
                "young_person_id": person,
                "review_due": review,
                "version": 1,
                "field_versions": {"review_due": 1},
                "created_at": since,
                "updated_at": since,
            },
        )
        self.number(since, person, plan)
        for days in self.reminders.offsets.plan_review:
            self.reminder(person, "plan_review", plan_id, review, days, since, None)
        for _ in range(how_many):
            self.task(person, pa, plan_id, since, rng.choice(templates) if templates else None)

    def task(
        self,
        person: uuid.UUID,
        pa: uuid.UUID | None,
        plan_id: uuid.UUID,
        since: datetime,
        template: dict[str, Any] | None,
    ) -> None:
        rng = self.rng
        created = since + (self.anchor - since) * rng.random()
        due_in = (template or {}).get("due_in_days") or rng.randint(7, 120)
        due_on = created.date() + timedelta(days=due_in)
        past = due_on < self.today - timedelta(days=30)
        status = pick(rng, TASK_STATUSES_PAST if past else TASK_STATUSES_NOW)
        closed = status in ("done", "not_needed")
        done_at = self.before_now(created + (due_in * rng.uniform(0.3, 1.2)) * timedelta(days=1))
        owner = template["owner"] if template else pick(rng, OWNERS)
        by_staff = pa is not None and rng.random() < 0.8
        task_id = new_id(rng)
        row = self.add(
            PlanTask,
            {
                "id": task_id,
                "tenant_id": self.tenant.id,
                "plan_id": plan_id,
                "young_person_id": person,
                "title": template["title"] if template else "Sort out my bank account",
                "description": template["description"] if template else "",
                "domain": template["domain"] if template else rng.choice(DOMAINS),
                "owner": owner,
                "owner_name": None,
                "due_on": due_on,
                "status": status,
                "offer_item_id": template["offer_item_id"] if template else None,
                "template_id": template["id"] if template else None,
                "created_by_kind": "staff" if by_staff else "young_person",
                "created_by_id": pa if by_staff else person,
                "body_sha256": digest(rng),
                "done_at": done_at if status == "done" else None,
                "version": 2 if closed else 1,
                "field_versions": {"status": 2} if closed else {},
                "created_at": created,
                "updated_at": done_at if closed else created,
            },
        )
        self.number(row["updated_at"], person, row)
        if owner == "young_person":
            ended = done_at if closed else None
            self.reminder(person, "task_due", task_id, due_on, TASK_DUE_OFFSET, created, ended)
            self.reminder(
                person, "task_overdue", task_id, due_on, TASK_OVERDUE_OFFSET, created, ended
            )

    def reminder(
        self,
        person: uuid.UUID,
        kind: str,
        event_id: uuid.UUID,
        event_date: date,
        offset: int,
        made: datetime,
        ended: datetime | None,
    ) -> None:
        """As reconcile would have left it: made when its event was (never for a day already
        gone), sent once its day came, cancelled if the event ended first."""
        day = event_date - timedelta(days=offset)
        if day < made.date():
            return
        when = at_local(day, self.reminders.send_time, self.zone)
        if ended is not None and ended < when:
            status = "cancelled"
        elif day < self.today:
            status = "sent"
        else:
            status = "pending"
        sent = status == "sent"
        self.add(
            Reminder,
            {
                "id": new_id(self.rng),
                "tenant_id": self.tenant.id,
                "recipient_kind": "young_person",
                "recipient_id": person,
                "event_kind": kind,
                "event_id": event_id,
                "event_date": event_date,
                "offset_days": offset,
                "due_at": when,
                "status": status,
                "attempts": 1 if sent else 0,
                "next_attempt_at": when,
                "sent_at": when if sent else None,
                "seen_at": when + timedelta(hours=3) if sent and self.rng.random() < 0.6 else None,
                "created_at": made,
            },
        )

    # -- change numbers ---------------------------------------------------------------------

    def hand_out_numbers(self) -> dict[uuid.UUID, int]:
        """Each young person's numbers 1, 2, 3 ... in the order their rows last changed, as
        `next_change` would have given them (decision 021); each young person's highest."""
        self.numbered.sort(key=lambda entry: entry[0])
        last: dict[uuid.UUID, int] = {}
        for _, person, row in self.numbered:
            last[person] = row["change_seq"] = last.get(person, 0) + 1
        return last


# --- the whole run --------------------------------------------------------------------------


def _psycopg_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def create_database(url: str) -> None:
    """A new database under `url` (refused if it exists), migrated as `harbour migrate` does."""
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()
    upgrade_to_head(url)


def clone_packs(directory: Path, count: int) -> Iterator[Path]:
    """The demo packs, in turn, each under a new slug and name: council-001, ..."""
    sources = [yaml.safe_load(path.read_text()) for path in PACKS]
    for n in range(1, count + 1):
        pack = dict(sources[(n - 1) % len(sources)])
        base = pack["council"]["name"]
        pack["council"] = pack["council"] | {"slug": f"council-{n:03d}", "name": f"{base} {n:03d}"}
        path = directory / f"council-{n:03d}.yaml"
        path.write_text(yaml.safe_dump(pack, sort_keys=False))
        yield path


def load_councils(url: str, count: int) -> list[Tenant]:
    engine = make_engine(url)
    with tempfile.TemporaryDirectory() as packs, Session(engine) as session:
        for path in clone_packs(Path(packs), count):
            load_pack(session, path)
        councils = list(session.exec(select(Tenant).order_by(Tenant.slug)).all())
        for council in councils:
            session.expunge(council)
    engine.dispose()
    return councils


def _templates(url: str) -> dict[uuid.UUID, list[dict[str, Any]]]:
    engine = make_engine(url)
    with Session(engine) as session:
        found: dict[uuid.UUID, list[dict[str, Any]]] = {}
        for template in session.exec(select(TaskTemplate)).all():
            found.setdefault(template.tenant_id, []).append(template.model_dump())
    engine.dispose()
    return found


def long_tail(rng: random.Random, mean: float) -> int:
    """A count with a long tail: most people send a few, some send many (gamma, shape 0.7)."""
    return round(rng.gammavariate(0.7, mean / 0.7))


def build_council(
    tenant: Tenant,
    size: int,
    shape: Shape,
    seed: int,
    anchor: datetime,
    secret_hash: str,
    templates: list[dict[str, Any]],
) -> Council:
    council = Council(tenant, random.Random(f"{seed}:{tenant.slug}"), seed, anchor, secret_hash)
    council.staff("council_admin", None, "admin")
    teams = council.recipient_teams()
    statements_each = shape.statements / shape.young_people
    tasks_each = shape.tasks / shape.young_people
    # Per year known, so a young person known for longer has more history.
    mean_years = (30 / 365 + 4) / 2
    for index, pa in enumerate(council.caseloads(size), start=1):
        person, since = council.young_person(index, pa)
        years = (anchor - since).days / 365
        wanted = long_tail(council.rng, statements_each * years / mean_years)
        council.statements(person, pa, since, wanted, teams)
        council.plan(
            person, pa, since, min(MAX_TASKS, long_tail(council.rng, tasks_each)), templates
        )
    return council


ORDER: tuple[type[SQLModel], ...] = (
    Team,
    StaffMember,
    YoungPerson,
    LegalStatusChange,
    SignInSession,
    ReminderPreference,
    Plan,
    PlanTask,
    Statement,
    StatementReply,
    SyncReceipt,
    Reminder,
)


# When a row arrived: rows are written in that order, as the app would have stored them, so a
# young person's rows lie spread over their council's pages rather than side by side.
ARRIVED = ("received_at", "created_at", "recorded_at")


def in_arrival_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    key = next((name for name in ARRIVED if rows and name in rows[0]), None)
    return sorted(rows, key=lambda row: row[key]) if key else rows


def write_council(connection: psycopg.Connection[Any], council: Council) -> Counter[str]:
    last = council.hand_out_numbers()
    written: Counter[str] = Counter()
    with connection.cursor() as cursor:
        for model in ORDER:
            rows = in_arrival_order(council.rows.get(model, []))
            written[_table(model).name] += copy_rows(cursor, model, rows)
        written["change_counter"] += fill_change_counters(cursor, council.tenant.id, last)
    connection.commit()
    return written


def vacuum_analyze(url: str) -> None:
    """Statistics and visibility maps for the planner, as autovacuum would make them later."""
    with psycopg.connect(_psycopg_url(url), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


@dataclass(frozen=True)
class Report:
    rows: Counter[str]
    seconds: float
    load_seconds: float
    vacuum_seconds: float

    def lines(self) -> Iterable[str]:
        total = sum(self.rows.values())
        for table, count in sorted(self.rows.items(), key=lambda item: -item[1]):
            yield f"  {table:<22} {count:>12,}"
        yield f"  {'total':<22} {total:>12,}"
        yield (
            f"{total:,} rows in {self.load_seconds:.0f} s "
            f"({total / self.load_seconds:,.0f} rows/s including generating them), "
            f"VACUUM ANALYZE {self.vacuum_seconds:.0f} s, {self.seconds:.0f} s in all"
        )


def generate(
    url: str,
    scale: float = 1.0,
    seed: int = SEED,
    today: date | None = None,
    councils: int | None = None,
) -> Report:
    """Fill the empty, migrated database at `url`; what was written and how long it took.
    `councils`: how many share the young people (default: 152 times the scale, at least 2)."""
    started = time.perf_counter()
    shape = Shape.at(scale, councils)
    anchor = datetime.combine(today or datetime.now(UTC).date(), datetime.min.time(), UTC)
    with psycopg.connect(_psycopg_url(url)) as connection:
        if connection.execute("SELECT 1 FROM tenant LIMIT 1").fetchone():
            raise SystemExit("The database already has councils: give an empty one.")
    made = load_councils(url, shape.councils)
    templates = _templates(url)
    sizes = shape.council_sizes(random.Random(seed))
    secret_hash = hash_secret(f"bench-{seed}")  # one PIN hash for all: nobody signs in with it
    rows: Counter[str] = Counter({"tenant": len(made)})
    with psycopg.connect(_psycopg_url(url)) as connection:
        for n, (tenant, size) in enumerate(zip(made, sizes, strict=True), start=1):
            council = build_council(
                tenant, size, shape, seed, anchor, secret_hash, templates.get(tenant.id, [])
            )
            rows += write_council(connection, council)
            done = sum(rows.values())
            elapsed = time.perf_counter() - started
            print(
                f"{n}/{len(made)} {tenant.slug}: {size:,} young people; "
                f"{done:,} rows, {done / elapsed:,.0f} rows/s",
                flush=True,
            )
    loaded = time.perf_counter()
    vacuum_analyze(url)
    finished = time.perf_counter()
    return Report(rows, finished - started, loaded - started, finished - loaded)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--scale", type=float, default=1.0, help="1: England; 0.05 for a quick run")
    parser.add_argument(
        "--young-people",
        type=int,
        help="instead of --scale: this many young people, and statements and tasks in "
        f"England's proportion (--young-people {YOUNG_PEOPLE} is --scale 1)",
    )
    parser.add_argument("--councils", type=int, help="default: 152 times the scale (at least 2)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--today", type=date.fromisoformat, help="default: today (UTC)")
    parser.add_argument(
        "--create", action="store_true", help="create and migrate the database first"
    )
    args = parser.parse_args()
    if args.young_people is not None:
        args.scale = args.young_people / YOUNG_PEOPLE
    if args.create:
        create_database(args.database_url)
    report = generate(args.database_url, args.scale, args.seed, args.today, args.councils)
    print("\n".join(report.lines()))
    results = PROJECT_ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    summary = {
        "scale": args.scale,
        "seed": args.seed,
        "rows": dict(report.rows),
        "load_seconds": round(report.load_seconds, 1),
        "vacuum_analyze_seconds": round(report.vacuum_seconds, 1),
        "rows_per_second": round(sum(report.rows.values()) / report.load_seconds),
    }
    (results / "national-data.json").write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
