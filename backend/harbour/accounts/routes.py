"""People API: teams and staff (for admins), young people (for their PA, manager and admin).

Who may call each route is decided by the dependencies from harbour.access and
accounts.access; no route here checks roles or caseloads itself.
"""

from typing import Any

from fastapi import APIRouter, Request, Response

from harbour.access.caseload import listable_advisers, sees_caseloads, visible_young_people
from harbour.access.session import Admin, AnyStaff, CallerDep, Caseworker
from harbour.access.young_people import ChangeableYoungPerson, VisibleYoungPerson
from harbour.accounts import service
from harbour.accounts.access import ManagedStaff, OwnPaPhoto, OwnStaffRecord, allocatable_pa
from harbour.accounts.models import StaffPhoto
from harbour.accounts.photos import MEDIA_TYPE
from harbour.accounts.schemas import (
    AdviserList,
    InviteOut,
    NoFields,
    PersonKind,
    StaffCreated,
    StaffIn,
    StaffList,
    StaffOut,
    StaffPhotoIn,
    StaffProfileIn,
    StaffProfileOut,
    StaffUpdate,
    TeamIn,
    TeamList,
    TeamOut,
    YoungPersonCreated,
    YoungPersonIn,
    YoungPersonList,
    YoungPersonOut,
    YoungPersonUpdate,
)
from harbour.auth import service as auth
from harbour.auth.schemas import EndedSessions
from harbour.db import SessionDep
from harbour.kernel.errors import SIGNED_IN_RESPONSES, NotFound, invalid
from harbour.plans import service as plans
from harbour.tenants import service as tenants

router = APIRouter(prefix="/api/v1", responses=SIGNED_IN_RESPONSES)
# Each group's tag (and path), said once on the group's router.
_staff = APIRouter(tags=["staff"])
_young_people = APIRouter(prefix="/young-people", tags=["young people"])
_my_pa = APIRouter(prefix="/my-pa", tags=["my PA"])


def _key(request: Request) -> bytes:
    return bytes(request.app.state.secret_key)


# --- teams --------------------------------------------------------------------------------


@_staff.get("/teams", summary="Teams in your council")
def list_teams(caller: AnyStaff, session: SessionDep) -> TeamList:
    """Every team in your council, by name. Any staff member may list them."""
    return service.list_teams(session, caller.council)


@_staff.post("/teams", status_code=201, summary="Add a team (admins)")
def create_team(data: TeamIn, caller: Admin, session: SessionDep) -> TeamOut:
    """Managers see the caseloads of the PAs in their team. Names are unique per council."""
    return service.create_team(session, caller.council, data, caller.principal)


# --- staff --------------------------------------------------------------------------------


@_staff.get("/staff", summary="Staff in your council (admins)")
def list_staff(caller: Admin, session: SessionDep) -> StaffList:
    """Everyone on the staff of your council, by name, with their role and team."""
    return service.list_staff(session, caller.council)


@_staff.post("/staff", status_code=201, summary="Add a staff member (admins)")
def create_staff(
    data: StaffIn, caller: Admin, session: SessionDep, request: Request
) -> StaffCreated:
    """A local account comes back with a one-time invite code: the new staff member uses it
    to set a passphrase and gets their TOTP secret and recovery codes. An identity-provider
    account signs in through the council's provider with the subject given here."""
    issuer = tenants.oidc_issuer(session, caller.council)
    return service.create_staff(
        session, _key(request), caller.council, data, caller.principal, issuer
    )


@_staff.get("/staff/{staff_id}", summary="One staff member (admins)")
def get_staff(staff: ManagedStaff) -> StaffOut:
    """Only admins see staff records; to everyone else this answers 404."""
    return service.staff_out(staff)


@_staff.patch("/staff/{staff_id}", summary="Change a staff member (admins)")
def update_staff(
    data: StaffUpdate, staff: ManagedStaff, caller: Admin, session: SessionDep
) -> StaffOut:
    """Role, team, name, or `active: false` for a leaver (which also ends their sessions).
    409 `own_account` for deactivating or demoting yourself, and 409 `last_admin` for a
    change that would leave the council with no active admin; `fields` names the field."""
    return service.update_staff(session, caller.council, staff, data, caller.principal)


@_staff.post("/staff/{staff_id}/reset-access", summary="Reset a local staff account (admins)")
def reset_staff_access(
    staff: ManagedStaff,
    caller: Admin,
    session: SessionDep,
    request: Request,
    _: NoFields | None = None,
) -> InviteOut:
    """For a lost authenticator or a locked account: ends their sessions, clears the lock and
    gives a new invite code. The old passphrase, TOTP and recovery codes stop working once
    the code is used. Not for your own account (409 `own_account`): another admin does it."""
    service.refuse_own_reset(staff, caller.principal)
    if staff.username is None:
        raise invalid(
            "path.staff_id",
            "This person signs in with the council's identity provider; reset them there.",
        )
    invite = service.issue_invite(
        session, _key(request), caller.council, staff=staff, issued_by=caller.principal
    )
    service.reset_access(session, caller.council, PersonKind.staff, staff, caller.principal)
    return invite


def _photo_response(photo: StaffPhoto, request: Request) -> Response:
    """The image with its version as the ETag (304 when the phone has it). The browser may
    not store it (`private, no-store`): its HTTP cache cannot be emptied at sign-out. The
    app's service worker keeps it instead, in a cache that signing out deletes."""
    headers = {"etag": f'"{photo.version}"', "cache-control": "private, no-store"}
    if headers["etag"] in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(photo.image, media_type=MEDIA_TYPE, headers=headers)


PHOTO_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        "description": "The photo: a 192-pixel square WebP.",
    },
    304: {"description": "The phone already has this version (If-None-Match)."},
}


# --- your own profile: what the young people you are PA for see ------------------------


@_staff.get("/staff/me/profile", summary="Your profile: what young people see of you")
def get_own_profile(staff: OwnStaffRecord, session: SessionDep) -> StaffProfileOut:
    """Your first name, and your work phone and photo if you have added them. The young
    people you are PA for see them in the app. Any staff member; a young person gets 404."""
    return service.staff_profile(session, staff)


@_staff.put("/staff/me/profile", summary="Add, change or remove your work phone")
def put_own_profile(
    data: StaffProfileIn, staff: OwnStaffRecord, caller: CallerDep, session: SessionDep
) -> StaffProfileOut:
    """`work_phone: null` removes it. A number that is not a UK phone number is a 422 naming
    `body.work_phone`, and nothing changes. Audited as `staff_profile_changed` (which part
    changed, never the number)."""
    return service.set_work_phone(session, staff, data, caller.principal)


@_staff.put("/staff/me/photo", summary="Add or replace your photo")
def put_own_photo(
    data: StaffPhotoIn, staff: OwnStaffRecord, caller: CallerDep, session: SessionDep
) -> StaffProfileOut:
    """A JPEG, PNG or WebP of at most 2 MB, base64-encoded. It is cropped to a square and
    stored as a 192-pixel WebP; nothing else of the file is kept (no EXIF data such as
    where it was taken). A file that is not such a photo is a 422 naming `body.image`, and
    nothing changes. Audited as `staff_profile_changed`."""
    return service.set_photo(session, staff, data.image, caller.principal)


@_staff.get(
    "/staff/me/photo",
    summary="Your photo, as young people see it",
    response_class=Response,
    responses=PHOTO_RESPONSES,
)
def get_own_photo(staff: OwnStaffRecord, session: SessionDep, request: Request) -> Response:
    """The re-encoded image kept for you; 404 when you have no photo."""
    photo = service.own_photo(session, staff)
    if photo is None:
        raise NotFound("That photo")
    return _photo_response(photo, request)


@_staff.delete("/staff/me/photo", summary="Remove your photo")
def delete_own_photo(
    staff: OwnStaffRecord, caller: CallerDep, session: SessionDep
) -> StaffProfileOut:
    """Young people see your initials instead. Audited as `staff_profile_changed`."""
    return service.remove_photo(session, staff, caller.principal)


@_staff.get("/advisers", summary="PAs you can allocate young people or hand statements to")
def list_advisers(caller: Caseworker, session: SessionDep) -> AdviserList:
    """A manager sees the PAs in their team (and themselves), an admin every PA and manager
    in the council, each with how many active young people they support (`caseload`). A PA
    sees their own team's PAs and manager (themselves included), to hand a statement to a
    teammate, with `caseload` left out (null): colleagues' workloads are managers' business.
    A PA with no team sees only themselves; nobody sees another team or council."""
    return service.list_advisers(
        session,
        caller.council,
        listable_advisers(caller.principal),
        with_caseloads=sees_caseloads(caller.principal),
    )


# --- young people -------------------------------------------------------------------------


@_young_people.get("", summary="Young people you support")
def list_young_people(caller: Caseworker, session: SessionDep) -> YoungPersonList:
    """A PA sees their caseload, a manager their team's, an admin the whole council."""
    return service.list_young_people(
        session, caller.council, visible_young_people(caller.principal), caller.principal
    )


@_young_people.post("", status_code=201, summary="Add a young person")
def create_young_person(
    data: YoungPersonIn, caller: Caseworker, session: SessionDep, request: Request
) -> YoungPersonCreated:
    """Creates the record and a one-time invite code (XXXX-XXXX, 7 days) to give to the
    young person, so they can choose a PIN or passphrase in the app. Their legal status
    starts their status history (from `legal_status_since` when known). A
    `pathway_plan_review` key date sets the pathway plan's review date."""
    pa = allocatable_pa(session, caller, data.allocated_pa_id)
    row, invite = service.add_young_person(
        session, _key(request), caller.council, data, pa, caller.principal
    )
    review = service.plan_review_in(data.key_dates)
    if review is not None:
        plans.set_review_from_record(session, caller.council, row, caller.principal, review)
    session.commit()
    return YoungPersonCreated(young_person=service.young_person_out(session, row), invite=invite)


@_young_people.get("/{young_person_id}", summary="A young person's record")
def get_young_person(
    young_person: VisibleYoungPerson, caller: CallerDep, session: SessionDep
) -> YoungPersonOut:
    """Staff reads are audited. A young person may read their own record."""
    return service.read_young_person(session, young_person, caller.principal)


@_young_people.patch("/{young_person_id}", summary="Change a young person's record")
def update_young_person(
    data: YoungPersonUpdate,
    young_person: ChangeableYoungPerson,
    caller: CallerDep,
    session: SessionDep,
) -> YoungPersonOut:
    """Only the fields sent change, and only when every one is valid (otherwise a 422
    names the field and nothing changes). A new `legal_status` is added to the status
    history with the day it changed (`legal_status_changed_on`, today by default). A
    `pathway_plan_review` key date changes the pathway plan's review date (its history,
    the young person's phone and their reminders follow). Audited as
    `young_person_changed` with each changed field's value before and after. Sending
    `allocated_pa_id` reallocates (audited as `young_person_reallocated`): a manager to a
    PA in their team, an admin to any PA in the council; a PA cannot. `GET
    /api/v1/advisers` lists who may be chosen."""
    if "allocated_pa_id" in data.model_fields_set:
        allocatable_pa(session, caller, data.allocated_pa_id)
    change = service.check_update(session, caller.council, young_person, data)
    if change.moves_review:
        plans.set_review_from_record(
            session, caller.council, young_person, caller.principal, change.review_after
        )
    return service.update_young_person(
        session, caller.council, young_person, change, caller.principal
    )


@_young_people.get(
    "/{young_person_id}/export", summary="Everything held on a young person's record"
)
def export_young_person(
    young_person: ChangeableYoungPerson, caller: CallerDep, session: SessionDep
) -> dict[str, Any]:
    """For a subject access request. Audited as an export."""
    return service.export_young_person(session, young_person, caller.principal)


@_young_people.post(
    "/{young_person_id}/invite", summary="Give a new invite code to someone who has not joined yet"
)
def invite_young_person(
    young_person: ChangeableYoungPerson,
    caller: CallerDep,
    session: SessionDep,
    request: Request,
    _: NoFields | None = None,
) -> InviteOut:
    """For a young person who has not set a PIN yet, or whose code ran out or got lost:
    a new code (XXXX-XXXX, 7 days); their older unused codes stop working. Audited as
    `invite_issued`. Someone who has already joined answers 409: use reset-access, which
    also signs them out and removes their PIN and passkeys."""
    return service.invite_young_person(
        session, _key(request), caller.council, young_person, caller.principal
    )


@_young_people.post(
    "/{young_person_id}/reset-access", summary="Reset a young person's access (new invite code)"
)
def reset_young_person_access(
    young_person: ChangeableYoungPerson,
    caller: CallerDep,
    session: SessionDep,
    request: Request,
    _: NoFields | None = None,
) -> InviteOut:
    """For a forgotten PIN, a lock after wrong tries, or a lost phone: signs them out
    everywhere, clears the lock, removes their passkeys, stops their old PIN or passphrase
    working, and gives a new code to choose a new one; older codes stop working too. Their
    username and record stay as they are: a body with any field is refused (422)."""
    invite = service.reset_young_person_secret(
        session, _key(request), caller.council, young_person, caller.principal
    )
    service.reset_access(
        session, caller.council, PersonKind.young_person, young_person, caller.principal
    )
    return invite


@_young_people.post(
    "/{young_person_id}/sign-out-everywhere",
    summary="Sign a young person out on every device (lost phone)",
)
def sign_young_person_out_everywhere(
    young_person: ChangeableYoungPerson, caller: CallerDep, session: SessionDep
) -> EndedSessions:
    """For a lost or stolen phone: every session of this young person ends now. Their
    PIN keeps working; use reset-access as well if someone else may know it."""
    ended = auth.end_all_sessions(
        session, caller.council.id, PersonKind.young_person, young_person.id, caller.principal
    )
    session.commit()
    return EndedSessions(ended=ended)


# --- a young person's PA ------------------------------------------------------------------


@_my_pa.get(
    "/photo",
    summary="Your PA's photo (young people)",
    response_class=Response,
    responses=PHOTO_RESPONSES,
)
def my_pa_photo(photo: OwnPaPhoto, request: Request) -> Response:
    """The signed-in young person's own PA's photo, when the PA has added one (`GET
    /api/v1/auth/me` gives its `pa_photo_version`; add it as `?v=` so a new photo has a new
    address). Anyone else, staff included, gets 404. Sent `private, no-store` with the
    version as its ETag: the app's service worker keeps it while they are signed in."""
    return _photo_response(photo, request)


for group in (_staff, _young_people, _my_pa):
    router.include_router(group)
