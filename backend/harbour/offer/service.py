"""Local-offer rules: replacing a council's items from a pack, reading them back, and the
items as an editor sees and changes them."""

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from harbour.accounts.schemas import Principal
from harbour.editing import service as editing
from harbour.kernel.errors import NOT_VALID, invalid
from harbour.offer.models import OfferItem
from harbour.offer.schemas import (
    Area,
    OfferEditorOut,
    OfferItemFields,
    OfferItemOut,
    OfferItemPack,
    OfferOut,
)
from harbour.tenancy import scoped, scoped_delete
from harbour.tenants.models import Tenant
from harbour.tenants.schemas import SearchSettings


def _columns(item: OfferItemFields) -> dict[str, Any]:
    """An item's words as column values (the pack loader and publishing both use this)."""
    return {
        "area": item.area.value,
        "title": item.title,
        "summary": item.summary,
        "details": item.details,
        "amount_pence": item.amount.pence if item.amount else None,
        "amount_frequency": item.amount.frequency.value if item.amount else None,
        "statuses": [status.value for status in item.eligibility.statuses],
        "min_age": item.eligibility.min_age,
        "max_age": item.eligibility.max_age,
        "conditions": [condition.value for condition in item.eligibility.conditions],
        "how_to_claim": item.how_to_claim,
        "contact": item.contact,
        "provider": item.provider,
        "last_reviewed": item.last_reviewed,
    }


def _words(row: OfferItem) -> OfferItemFields:
    amount = (
        {"pence": row.amount_pence, "frequency": row.amount_frequency}
        if row.amount_pence is not None
        else None
    )
    return OfferItemFields.model_validate(
        {
            "area": row.area,
            "title": row.title,
            "summary": row.summary,
            "details": row.details,
            "amount": amount,
            "eligibility": {
                "statuses": row.statuses,
                "min_age": row.min_age,
                "max_age": row.max_age,
                "conditions": row.conditions,
            },
            "how_to_claim": row.how_to_claim,
            "contact": row.contact,
            "provider": row.provider,
            "last_reviewed": row.last_reviewed,
        }
    )


OFFER_ITEM = editing.Kind("offer_item", OfferItem, OfferItemFields, _words, _columns)


def replace_offer(session: Session, tenant: Tenant, items: list[OfferItemPack]) -> None:
    """Swap the council's whole offer for `items`, inside the caller's transaction."""
    session.execute(scoped_delete(OfferItem, tenant))
    session.add_all(
        OfferItem(tenant_id=tenant.id, key=item.id, position=position, **_columns(item))
        for position, item in enumerate(items)
    )


def _item_out(key: str, words: OfferItemFields) -> OfferItemOut:
    return OfferItemOut(id=key, **words.model_dump())


def read_offer(session: Session, tenant: Tenant, area: Area | None = None) -> OfferOut:
    """What young people see: live items only, with their published words."""
    query = scoped(OfferItem, tenant).where(col(OfferItem.live)).order_by(col(OfferItem.position))
    if area is not None:
        query = query.where(OfferItem.area == area.value)
    rows = session.exec(query).all()
    return OfferOut(
        council=tenant.slug,
        version=tenant.content_version,
        items=[_item_out(row.key, _words(row)) for row in rows],
        synonyms=SearchSettings.model_validate(tenant.search or {}).synonyms,
    )


def _all_items(session: Session, tenant: Tenant) -> list[OfferItem]:
    return list(session.exec(scoped(OfferItem, tenant).order_by(col(OfferItem.position))).all())


def editor_offer(session: Session, tenant: Tenant) -> OfferEditorOut:
    return OfferEditorOut(
        council=tenant.slug,
        version=tenant.content_version,
        items=[OFFER_ITEM.out(row) for row in _all_items(session, tenant)],
    )


def preview_item(row: OfferItem) -> OfferItemOut:
    """The item exactly as a young person will see it once the draft is published."""
    return _item_out(row.key, OFFER_ITEM.shown(row))


def add_item(session: Session, actor: Principal, tenant: Tenant, item: OfferItemPack) -> OfferItem:
    """A new item, saved as a draft: young people do not see it until it is published."""
    taken = session.exec(scoped(OfferItem, tenant).where(OfferItem.key == item.id)).first()
    if taken is not None:
        raise invalid("body.id", "Another item already has this id.", summary=NOT_VALID)
    last = session.exec(
        select(func.max(OfferItem.position)).where(OfferItem.tenant_id == tenant.id)
    ).one()
    words = OfferItemFields.model_validate(item.model_dump(exclude={"id"}))
    row = OfferItem(
        tenant_id=tenant.id,
        key=item.id,
        position=(last if last is not None else -1) + 1,
        live=False,
        draft=words.model_dump(mode="json"),
        **_columns(words),
    )
    return editing.added(session, actor, OFFER_ITEM, row)


def pack_clashes(session: Session, tenant: Tenant, items: list[OfferItemPack]) -> list[str]:
    """Items a pack load would overwrite after they were changed in the app."""
    pack = {
        item.id: OfferItemFields.model_validate(item.model_dump(exclude={"id"})) for item in items
    }
    return editing.pack_clashes("offer item", OFFER_ITEM, _all_items(session, tenant), pack)
