"""Imports every table so SQLModel.metadata is complete (for Alembic and tests)."""

from harbour.offer.models import OfferItem
from harbour.pledge.models import Pledge, PledgeAnswer, PledgePromise, PledgeTheme
from harbour.sync.models import SyncConflict, SyncReceipt
from harbour.tenants.models import ContentPackLoad, Tenant

__all__ = [
    "ContentPackLoad",
    "OfferItem",
    "Pledge",
    "PledgeAnswer",
    "PledgePromise",
    "PledgeTheme",
    "SyncConflict",
    "SyncReceipt",
    "Tenant",
]
