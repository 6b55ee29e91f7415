"""The one place council-owned rows are scoped to their council (tenant).

Every query for a council-owned table goes through `scoped` or `scoped_delete`, so no route
or service can forget the `tenant_id` filter.
"""

import uuid
from datetime import date, datetime
from typing import Annotated, Protocol, TypeVar
from zoneinfo import ZoneInfo

from fastapi import Depends, Path
from sqlalchemy import Delete, delete
from sqlmodel import select
from sqlmodel.sql.expression import SelectOfScalar

from harbour.db import SessionDep
from harbour.kernel.errors import NotFound
from harbour.kernel.time import utc_now
from harbour.tenants.models import Tenant
from harbour.tenants.schemas import SLUG_PATTERN


class TenantOwned(Protocol):
    tenant_id: uuid.UUID


Owned = TypeVar("Owned", bound=TenantOwned)


def scoped(model: type[Owned], tenant: Tenant) -> SelectOfScalar[Owned]:
    return scoped_to(model, tenant.id)


def scoped_to(model: type[Owned], tenant_id: uuid.UUID) -> SelectOfScalar[Owned]:
    """`scoped` for when only the council's id is at hand (for example, from a session)."""
    return select(model).where(model.tenant_id == tenant_id)


def scoped_delete(model: type[TenantOwned], tenant: Tenant) -> Delete:
    return delete(model).where(model.tenant_id == tenant.id)  # type: ignore[arg-type]


def council_today(council: Tenant, now: datetime | None = None) -> date:
    """Today's date where the council is: ages and key dates turn over at its midnight."""
    return (now or utc_now()).astimezone(ZoneInfo(council.time_zone)).date()


def find_council(session: SessionDep, slug: str) -> Tenant | None:
    return session.exec(select(Tenant).where(Tenant.slug == slug)).first()


def council_from_path(
    session: SessionDep,
    slug: Annotated[
        str,
        Path(min_length=2, max_length=40, pattern=SLUG_PATTERN, description="The council's slug."),
    ],
) -> Tenant:
    council = find_council(session, slug)
    if council is None:
        raise NotFound("That council")
    return council


CouncilDep = Annotated[Tenant, Depends(council_from_path)]
