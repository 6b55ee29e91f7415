"""Local-offer rules: replacing a council's items from a pack, and reading them back."""

from sqlmodel import Session

from harbour.offer.models import OfferItem
from harbour.offer.schemas import Area, OfferItemOut, OfferItemPack, OfferOut
from harbour.tenancy import scoped, scoped_delete
from harbour.tenants.models import Tenant


def replace_offer(session: Session, tenant: Tenant, items: list[OfferItemPack]) -> None:
    """Swap the council's whole offer for `items`, inside the caller's transaction."""
    session.execute(scoped_delete(OfferItem, tenant))
    session.add_all(
        OfferItem(
            tenant_id=tenant.id,
            key=item.id,
            position=position,
            area=item.area.value,
            title=item.title,
            summary=item.summary,
            details=item.details,
            amount_pence=item.amount.pence if item.amount else None,
            amount_frequency=item.amount.frequency.value if item.amount else None,
            statuses=[status.value for status in item.eligibility.statuses],
            min_age=item.eligibility.min_age,
            max_age=item.eligibility.max_age,
            conditions=[condition.value for condition in item.eligibility.conditions],
            how_to_claim=item.how_to_claim,
            contact=item.contact,
            provider=item.provider,
            last_reviewed=item.last_reviewed,
        )
        for position, item in enumerate(items)
    )


def _item_out(row: OfferItem) -> OfferItemOut:
    amount = (
        {"pence": row.amount_pence, "frequency": row.amount_frequency}
        if row.amount_pence is not None
        else None
    )
    return OfferItemOut.model_validate(
        {
            "id": row.key,
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


def read_offer(session: Session, tenant: Tenant, area: Area | None = None) -> OfferOut:
    query = scoped(OfferItem, tenant).order_by(OfferItem.position)  # type: ignore[arg-type]
    if area is not None:
        query = query.where(OfferItem.area == area.value)
    rows = session.exec(query).all()
    return OfferOut(
        council=tenant.slug, version=tenant.content_version, items=[_item_out(r) for r in rows]
    )
