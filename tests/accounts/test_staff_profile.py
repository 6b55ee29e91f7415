"""A staff member's own profile (issue 13): an optional work phone and photo, which the young
people they are PA for see. The phone must be a UK number (a 422 naming `body.work_phone`);
the photo is re-encoded to a small square WebP, so EXIF such as GPS never reaches the
database; a young person gets their own PA's photo and nobody else's; the audit says what
changed, never the number."""

import base64
import io
from collections.abc import Callable
from typing import Any

import pytest
from PIL import ExifTags, Image
from sqlalchemy import Engine
from sqlmodel import Session, select

from harbour.accounts.models import StaffMember, StaffPhoto
from harbour.audit.models import AuditEvent
from tests.people import SignedIn, World

PROFILE = "/api/v1/staff/me/profile"
PHOTO = "/api/v1/staff/me/photo"
MY_PA_PHOTO = "/api/v1/my-pa/photo"
ME = "/api/v1/auth/me"


def photo_bytes(
    kind: str = "JPEG", size: tuple[int, int] = (640, 480), gps: bool = True, colour: str = "orange"
) -> bytes:
    """A photo as a phone would take it: with the place it was taken in its EXIF."""
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    if gps:
        place = exif.get_ifd(ExifTags.IFD.GPSInfo)
        place[ExifTags.GPS.GPSLatitudeRef] = "N"
        place[ExifTags.GPS.GPSLatitude] = (53.0, 28.0, 12.5)
        place[ExifTags.GPS.GPSLongitudeRef] = "W"
        place[ExifTags.GPS.GPSLongitude] = (2.0, 14.0, 30.0)
    out = io.BytesIO()
    image.save(out, kind, exif=exif)
    return out.getvalue()


def encoded(data: bytes) -> dict[str, str]:
    return {"image": base64.b64encode(data).decode()}


def stored_photo(engine: Engine, staff: StaffMember) -> StaffPhoto | None:
    with Session(engine) as session:
        return session.exec(select(StaffPhoto).where(StaffPhoto.staff_id == staff.id)).first()


def fields(response: Any) -> set[str]:
    return {f["field"] for f in response.json()["error"]["fields"]}


def test_a_profile_starts_empty_and_names_the_staff_member_as_young_people_see_them(
    pa: SignedIn,
) -> None:
    response = pa.client.get(PROFILE)

    assert response.status_code == 200
    assert response.json() == {"first_name": "Asha", "work_phone": None, "photo_version": None}


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("07700 900123", "07700 900123"),
        ("  020  7946 0000 ", "020 7946 0000"),
        ("+44 7700 900123", "+44 7700 900123"),
        ("01632960001", "01632960001"),
    ],
)
def test_a_uk_work_phone_is_kept_and_their_young_person_sees_it(
    pa: SignedIn, jordan: SignedIn, typed: str, kept: str
) -> None:
    saved = pa.client.put(PROFILE, json={"work_phone": typed})

    assert saved.status_code == 200
    assert saved.json()["work_phone"] == kept
    assert jordan.client.get(ME).json()["pa_work_phone"] == kept


@pytest.mark.parametrize(
    "typed",
    ["12345", "0770090012345", "+1 212 555 0100", "07700-900123", "call me", "", "00000000000"],
)
def test_a_number_that_is_not_a_uk_phone_is_refused_naming_the_field(
    pa: SignedIn, engine: Engine, world: World, typed: str
) -> None:
    pa.client.put(PROFILE, json={"work_phone": "07700 900123"})

    refused = pa.client.put(PROFILE, json={"work_phone": typed})

    assert refused.status_code == 422
    assert fields(refused) == {"body.work_phone"}
    assert pa.client.get(PROFILE).json()["work_phone"] == "07700 900123"  # nothing changed


def test_a_profile_takes_only_its_own_fields(pa: SignedIn) -> None:
    refused = pa.client.put(PROFILE, json={"work_phone": None, "display_name": "Boss"})

    assert refused.status_code == 422
    assert "body.display_name" in fields(refused)


def test_removing_the_phone_hides_it_and_the_audit_never_holds_the_number(
    pa: SignedIn, jordan: SignedIn, engine: Engine
) -> None:
    pa.client.put(PROFILE, json={"work_phone": "07700 900123"})

    removed = pa.client.put(PROFILE, json={"work_phone": None})

    assert removed.json()["work_phone"] is None
    assert jordan.client.get(ME).json()["pa_work_phone"] is None
    with Session(engine) as session:
        rows = session.exec(
            select(AuditEvent).where(AuditEvent.action == "staff_profile_changed")
        ).all()
    assert [row.detail for row in rows] == [
        {"part": "work_phone", "now": "set"},
        {"part": "work_phone", "now": "removed"},
    ]
    assert "900123" not in str([row.detail for row in rows])


def test_a_photo_is_reencoded_square_and_small_with_its_exif_and_location_dropped(
    pa: SignedIn, engine: Engine, world: World
) -> None:
    upload = photo_bytes()
    assert Image.open(io.BytesIO(upload)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # it has GPS

    saved = pa.client.put(PHOTO, json=encoded(upload))

    assert saved.status_code == 200
    photo = stored_photo(engine, world.pa1)
    assert photo is not None
    assert saved.json()["photo_version"] == photo.version
    assert pa.client.get(PHOTO).content == photo.image  # what the PA sees is what is kept
    kept = Image.open(io.BytesIO(photo.image))
    assert (kept.format, kept.size) == ("WEBP", (192, 192))
    assert len(kept.getexif()) == 0
    assert "exif" not in kept.info
    assert "icc_profile" not in kept.info
    assert b"Exif" not in photo.image
    assert b"PhoneCo" not in photo.image
    assert len(photo.image) < 20_000


@pytest.mark.parametrize("kind", ["PNG", "WEBP"])
def test_png_and_webp_photos_are_taken_too(pa: SignedIn, kind: str) -> None:
    saved = pa.client.put(PHOTO, json=encoded(photo_bytes(kind, (300, 500), gps=False)))

    assert saved.status_code == 200
    assert saved.json()["photo_version"]


@pytest.mark.parametrize(
    "body",
    [
        {"image": "this is not base64!"},
        encoded(b"just some text, not a photo"),
        encoded(photo_bytes("GIF", gps=False)),
        encoded(photo_bytes()[:600]),  # cut short
        encoded(b"\xff" * (2 * 1024 * 1024 + 3)),  # over 2 MB
        {},
    ],
    ids=["not base64", "not an image", "a gif", "truncated", "too big", "missing"],
)
def test_a_file_that_is_not_a_usable_photo_is_refused_naming_the_field(
    pa: SignedIn, engine: Engine, world: World, body: dict[str, str]
) -> None:
    refused = pa.client.put(PHOTO, json=body)

    assert refused.status_code == 422
    assert fields(refused) == {"body.image"}
    assert stored_photo(engine, world.pa1) is None


def test_a_photo_with_too_many_pixels_is_refused_before_it_is_decoded(pa: SignedIn) -> None:
    out = io.BytesIO()
    Image.new("1", (8000, 6000)).save(out, "PNG")  # tiny file, 48 megapixels

    refused = pa.client.put(PHOTO, json=encoded(out.getvalue()))

    assert refused.status_code == 422
    assert fields(refused) == {"body.image"}


def test_their_young_person_gets_the_photo_by_its_version_privately(
    pa: SignedIn, jordan: SignedIn
) -> None:
    assert jordan.client.get(ME).json()["pa_photo_version"] is None
    version = pa.client.put(PHOTO, json=encoded(photo_bytes())).json()["photo_version"]

    me = jordan.client.get(ME).json()
    response = jordan.client.get(MY_PA_PHOTO, params={"v": version})

    assert me["pa_photo_version"] == version
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/webp"
    assert response.headers["etag"] == f'"{version}"'
    assert response.headers["cache-control"] == "private, no-store"
    again = jordan.client.get(MY_PA_PHOTO, headers={"if-none-match": f'"{version}"'})
    assert again.status_code == 304
    assert again.content == b""


def test_a_new_photo_has_a_new_version_and_removing_it_leaves_nothing(
    pa: SignedIn, jordan: SignedIn, engine: Engine, world: World
) -> None:
    first = pa.client.put(PHOTO, json=encoded(photo_bytes())).json()["photo_version"]
    second = pa.client.put(PHOTO, json=encoded(photo_bytes("PNG", colour="teal"))).json()

    removed = pa.client.delete(PHOTO)

    assert second["photo_version"] not in (None, first)
    assert removed.status_code == 200
    assert removed.json()["photo_version"] is None
    assert pa.client.get(PHOTO).status_code == 404
    assert stored_photo(engine, world.pa1) is None
    assert jordan.client.get(ME).json()["pa_photo_version"] is None
    assert jordan.client.get(MY_PA_PHOTO).status_code == 404


def test_only_their_own_young_people_reach_a_pas_photo(
    world: World, as_person: Callable[..., SignedIn], pa: SignedIn
) -> None:
    pa.client.put(PHOTO, json=encoded(photo_bytes()))
    nowhere = as_person(world.yp1).client.get("/api/v1/my-pa/nothing-here")
    assert nowhere.status_code == 404

    for other in (world.yp2, world.yp3, world.south_yp):  # another PA, another council
        assert as_person(other).client.get(MY_PA_PHOTO).status_code == 404, other.preferred_name
    for staff in (world.pa1, world.pa2, world.north_admin, world.south_pa, world.south_admin):
        assert as_person(staff).client.get(MY_PA_PHOTO).status_code == 404, staff.display_name


def test_a_pa_who_left_is_no_longer_shown(
    pa: SignedIn, jordan: SignedIn, world: World, as_person: Callable[..., SignedIn]
) -> None:
    pa.client.put(PROFILE, json={"work_phone": "07700 900123"})
    pa.client.put(PHOTO, json=encoded(photo_bytes()))

    left = as_person(world.north_admin).client.patch(
        f"/api/v1/staff/{world.pa1.id}", json={"active": False}
    )

    assert left.status_code == 200
    me = jordan.client.get(ME).json()
    assert (me["pa_first_name"], me["pa_work_phone"], me["pa_photo_version"]) == (None,) * 3
    assert jordan.client.get(MY_PA_PHOTO).status_code == 404


def test_young_people_have_no_staff_profile(jordan: SignedIn) -> None:
    assert jordan.client.get(PROFILE).status_code == 404
    assert jordan.client.get(PHOTO).status_code == 404
    assert jordan.client.put(PROFILE, json={"work_phone": None}).status_code == 404
    assert jordan.client.put(PHOTO, json=encoded(photo_bytes())).status_code == 404
    assert jordan.client.delete(PHOTO).status_code == 404
