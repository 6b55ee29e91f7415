"""The pledge's sync kind: an anonymous answer to one of the council's promises."""

from harbour.pledge import service
from harbour.pledge.schemas import PledgeAnswerIn
from harbour.sync.kinds import ItemKind, body_of

PLEDGE_ANSWER = ItemKind[PledgeAnswerIn](
    name="pledge_answer",
    description="An anonymous answer to one of the council's pledge promises.",
    body=PledgeAnswerIn,
    parse=body_of(PledgeAnswerIn),
    council=lambda session, answer, _author: service.answer_council(session, answer),
    check=lambda session, _item, answer, _author: service.check_answer(session, answer),
    apply=lambda session, item, council, answer, _author: service.record_answer(
        session, item.id, item.created_at, council, answer
    ),
)

KINDS = [PLEDGE_ANSWER]
