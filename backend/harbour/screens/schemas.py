"""The staff screens' shapes: the frame every staff page shows, and each screen's own data in
the shapes its domain's own routes answer with."""

from pydantic import BaseModel, Field

from harbour.accounts.schemas import YoungPersonSummary
from harbour.auth.schemas import Me
from harbour.plans.schemas import CaseloadOut
from harbour.statements.schemas import QueueItem, QueuePage, YoungPersonRef


class StaffFrame(BaseModel):
    """Around every staff page: who is signed in, their inbox count and urgent alerts."""

    me: Me = Field(description="Who is signed in, as `GET /api/v1/auth/me` answers.")
    inbox_unseen: int = Field(
        description="Inbox entries due by now that you have not seen, as `GET /api/v1/inbox` "
        "counts them."
    )
    alerts: list[QueueItem] = Field(
        description="Unacknowledged urgent statements waiting for you, oldest first, as "
        "`GET /api/v1/statements/alerts` lists them (none for content editors)."
    )


class CaseloadScreen(StaffFrame):
    young_people: list[YoungPersonSummary] = Field(
        description="The young people you support, by name, as `GET /api/v1/young-people` "
        "lists them (none for content editors)."
    )
    plans: CaseloadOut = Field(
        description="The same young people's plans at a glance, in the same order, as "
        "`GET /api/v1/plans/caseload` gives them."
    )


class QueueScreen(StaffFrame):
    queue: QueuePage = Field(
        description="The page asked for, as `GET /api/v1/statements` gives it."
    )
    people: list[YoungPersonRef] = Field(
        description="The young people you may filter the queue by, by name."
    )
