"""Council rules: creating or updating a council from its pack, and reading councils."""

from sqlmodel import Session, select

from harbour.errors import ApiError
from harbour.tenancy import find_council, scoped
from harbour.tenants.models import ContentPackLoad, Tenant
from harbour.tenants.schemas import CouncilList, CouncilOut, CouncilPack, CouncilSummary


def upsert_council(session: Session, pack: CouncilPack) -> Tenant:
    council = find_council(session, pack.slug) or Tenant(slug=pack.slug, name=pack.name)
    council.name = pack.name
    council.time_zone = pack.time_zone
    council.contacts = [contact.model_dump() for contact in pack.contacts]
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


def list_councils(session: Session) -> CouncilList:
    councils = session.exec(select(Tenant).order_by(Tenant.name)).all()
    return CouncilList(councils=[CouncilSummary(slug=c.slug, name=c.name) for c in councils])


def council_out(council: Tenant) -> CouncilOut:
    return CouncilOut.model_validate(council, from_attributes=True)
