"""Council rules: creating or updating a council from its pack, and reading councils."""

from sqlmodel import Session, select

from harbour.kernel.errors import ApiError
from harbour.kernel.time import utc_now
from harbour.tenancy import find_council, scoped
from harbour.tenants.models import ContentPackLoad, CouncilSignIn, Tenant
from harbour.tenants.schemas import (
    Contact,
    CouncilList,
    CouncilOut,
    CouncilPack,
    CouncilSummary,
    OidcSettings,
    OutOfHours,
    PrivacySettings,
    RecipientOut,
    ReminderSettings,
    ViewsOut,
    ViewsSettings,
)


def upsert_council(session: Session, pack: CouncilPack) -> Tenant:
    council = find_council(session, pack.slug) or Tenant(slug=pack.slug, name=pack.name)
    council.name = pack.name
    council.time_zone = pack.time_zone
    council.contacts = [contact.model_dump() for contact in pack.contacts]
    council.views = pack.views.model_dump() if pack.views else None
    council.reminders = pack.reminders.model_dump() if pack.reminders else None
    council.search = pack.search.model_dump() if pack.search else None
    council.privacy = pack.privacy.model_dump() if pack.privacy else None
    session.add(council)
    session.flush()
    return council


def pack_already_loaded(session: Session, council: Tenant, version: str, sha256: str) -> bool:
    """True when this exact version was loaded before; a changed file under an old version is
    refused, since the phones that cached that version would never see the change."""
    previous = session.exec(
        scoped(ContentPackLoad, council).where(ContentPackLoad.version == version)
    ).first()
    if previous is None:
        return False
    if previous.sha256 != sha256:
        raise ApiError(
            409,
            "version_reused",
            f'Version "{version}" was already loaded for {council.slug} with different '
            "content. Give the changed pack a new version.",
        )
    return True


def record_pack_load(
    session: Session, council: Tenant, version: str, sha256: str, source_name: str
) -> None:
    council.content_version = version
    session.add(council)
    session.add(
        ContentPackLoad(
            tenant_id=council.id, version=version, sha256=sha256, source_name=source_name
        )
    )


def new_content_version(session: Session, council: Tenant) -> None:
    """A content version for a change made in the app, newer than any before it: it marks
    the change in `GET /offer` and `/pledge`, whose ETags then change with the content."""
    council.content_version = f"app.{utc_now():%Y%m%d.%H%M%S.%f}"
    session.add(council)


def list_councils(session: Session) -> CouncilList:
    councils = session.exec(select(Tenant).order_by(Tenant.name)).all()
    return CouncilList(councils=[CouncilSummary(slug=c.slug, name=c.name) for c in councils])


def views_settings(council: Tenant) -> ViewsSettings:
    """The council's "My views" settings, with the defaults for anything its pack left out."""
    return ViewsSettings.model_validate(council.views or {})


def privacy_settings(council: Tenant) -> PrivacySettings:
    """What the council tells young people about who saw their data (defaults if unset)."""
    return PrivacySettings.model_validate(council.privacy or {})


def reminder_settings(council: Tenant) -> ReminderSettings:
    """The council's reminder settings, with the defaults for anything its pack left out."""
    return ReminderSettings.model_validate(council.reminders or {})


def views_out(council: Tenant) -> ViewsOut:
    duty = next((c for c in council.contacts if c.get("out_of_hours")), None)
    return ViewsOut(
        recipients=[
            RecipientOut(key=r.key, label=r.label) for r in views_settings(council).recipients
        ],
        out_of_hours=OutOfHours(label=duty["label"], phone=duty["phone"]) if duty else None,
    )


def council_out(session: Session, council: Tenant) -> CouncilOut:
    return CouncilOut(
        slug=council.slug,
        name=council.name,
        time_zone=council.time_zone,
        contacts=[Contact.model_validate(contact) for contact in council.contacts],
        content_version=council.content_version,
        staff_oidc=sign_in_settings(session, council) is not None,
        views=views_out(council),
    )


def create_council(session: Session, slug: str, name: str, time_zone: str) -> Tenant:
    """An empty council made by the operator; its content pack can be loaded later."""
    if find_council(session, slug) is not None:
        raise ApiError(409, "taken", f"There is already a council called {slug}.")
    council = Tenant(slug=slug, name=name, time_zone=time_zone)
    session.add(council)
    session.commit()
    return council


def sign_in_settings(session: Session, council: Tenant) -> CouncilSignIn | None:
    return session.get(CouncilSignIn, council.id)


def oidc_issuer(session: Session, council: Tenant) -> str | None:
    settings = sign_in_settings(session, council)
    return settings.issuer if settings else None


def set_sign_in_settings(session: Session, council: Tenant, data: OidcSettings) -> None:
    row = sign_in_settings(session, council) or CouncilSignIn(
        tenant_id=council.id, issuer="", metadata_url="", client_id="", client_secret=""
    )
    for name, value in data.model_dump().items():
        setattr(row, name, value)
    row.metadata_url = data.metadata_url or data.issuer.rstrip("/") + (
        "/.well-known/openid-configuration"
    )
    row.role_map = {claim: role.value for claim, role in data.role_map.items()}
    row.updated_at = utc_now()
    session.add(row)
    session.commit()
