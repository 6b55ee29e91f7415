"""Pledge rules: replacing a council's promises, reading them, and counting answers."""

import uuid
from collections import defaultdict
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from harbour.editing import service as editing
from harbour.kernel.errors import Rejected
from harbour.pledge.models import Pledge, PledgeAnswer, PledgePromise, PledgeTheme
from harbour.pledge.schemas import (
    PledgeAnswerIn,
    PledgeEditorOut,
    PledgeHeading,
    PledgeOut,
    PledgePack,
    PledgeSummaryOut,
    PromiseCount,
    PromiseFields,
    PromiseOut,
    ThemeEditorOut,
    ThemeFields,
    ThemeOut,
)
from harbour.tenancy import find_council, scoped, scoped_delete
from harbour.tenants.models import Tenant

PROMISE = editing.same_names("pledge_promise", PledgePromise, PromiseFields)
THEME = editing.same_names("pledge_theme", PledgeTheme, ThemeFields)


def replace_pledge(session: Session, tenant: Tenant, pack: PledgePack) -> None:
    """Swap the council's whole pledge for `pack`, inside the caller's transaction.

    Answers are kept: they refer to promises by id, and old answers still count.
    """
    for model in (PledgePromise, PledgeTheme, Pledge):
        session.execute(scoped_delete(model, tenant))
    session.add(Pledge(tenant_id=tenant.id, introduction=pack.introduction))
    themes = [
        PledgeTheme(tenant_id=tenant.id, key=theme.id, title=theme.title, position=position)
        for position, theme in enumerate(pack.themes)
    ]
    session.add_all(themes)
    session.flush()  # promises point at their theme's row, so themes go in first
    session.add_all(
        PledgePromise(
            tenant_id=tenant.id,
            theme_id=theme_row.id,
            key=promise.id,
            text=promise.text,
            position=position,
            safety=promise.safety,
        )
        for theme_row, theme in zip(themes, pack.themes, strict=True)
        for position, promise in enumerate(theme.promises)
    )


def _rows(
    session: Session, tenant: Tenant
) -> tuple[PledgeHeading, list[PledgeTheme], dict[uuid.UUID, list[PledgePromise]]]:
    """The pledge's heading, its themes and each theme's promises, in the council's order."""
    pledge = session.get(Pledge, tenant.id)
    heading = PledgeHeading(
        council=tenant.slug,
        version=tenant.content_version,
        introduction=pledge.introduction if pledge else "",
    )
    themes = session.exec(scoped(PledgeTheme, tenant).order_by(col(PledgeTheme.position))).all()
    promises = session.exec(
        scoped(PledgePromise, tenant).order_by(col(PledgePromise.position))
    ).all()
    by_theme: dict[uuid.UUID, list[PledgePromise]] = defaultdict(list)
    for promise in promises:
        by_theme[promise.theme_id].append(promise)
    return heading, list(themes), by_theme


def read_pledge(session: Session, tenant: Tenant, *, drafts: bool = False) -> PledgeOut:
    """What young people see; with `drafts`, what they will see once every draft is
    published (the editor's preview)."""
    heading, themes, by_theme = _rows(session, tenant)
    theme_words = THEME.shown if drafts else THEME.current
    promise_words = PROMISE.shown if drafts else PROMISE.current
    return PledgeOut(
        **heading.model_dump(),
        themes=[
            ThemeOut(
                id=theme.key,
                title=theme_words(theme).title,
                promises=[
                    PromiseOut(
                        id=promise.key, text=promise_words(promise).text, safety=promise.safety
                    )
                    for promise in by_theme[theme.id]
                ],
            )
            for theme in themes
        ],
    )


def editor_pledge(session: Session, tenant: Tenant) -> PledgeEditorOut:
    heading, themes, by_theme = _rows(session, tenant)
    return PledgeEditorOut(
        **heading.model_dump(),
        themes=[
            ThemeEditorOut(
                **THEME.out(theme).model_dump(),
                promises=[PROMISE.out(promise) for promise in by_theme[theme.id]],
            )
            for theme in themes
        ],
    )


def pack_clashes(session: Session, tenant: Tenant, pack: PledgePack) -> list[str]:
    """Themes and promises a pack load would overwrite after they were changed in the app."""
    _, themes, by_theme = _rows(session, tenant)
    promises = [promise for theme in themes for promise in by_theme[theme.id]]
    pack_themes = {theme.id: ThemeFields(title=theme.title) for theme in pack.themes}
    pack_promises = {
        promise.id: PromiseFields(text=promise.text)
        for theme in pack.themes
        for promise in theme.promises
    }
    return editing.pack_clashes("pledge theme", THEME, themes, pack_themes) + (
        editing.pack_clashes("pledge promise", PROMISE, promises, pack_promises)
    )


def answer_council(session: Session, answer: PledgeAnswerIn) -> Tenant:
    """The council an answer is for (its id is unique there), or Rejected naming it."""
    council = find_council(session, answer.council)
    if council is None:
        raise Rejected.at("body.council", "There is no council with this id.")
    return council


def check_answer(session: Session, answer: PledgeAnswerIn) -> Tenant:
    """The council an answer belongs to, or Rejected naming the field that is wrong."""
    council = answer_council(session, answer)
    promise = session.exec(
        scoped(PledgePromise, council).where(PledgePromise.key == answer.promise)
    ).first()
    if promise is None:
        raise Rejected.at("body.promise", "This council has no promise with this id.")
    return council


def record_answer(
    session: Session,
    item_id: uuid.UUID,
    answered_at: datetime,
    tenant: Tenant,
    answer: PledgeAnswerIn,
) -> None:
    session.add(
        PledgeAnswer(
            id=item_id,
            tenant_id=tenant.id,
            promise_key=answer.promise,
            respondent=answer.respondent,
            answer=answer.answer.value,
            comment=answer.comment,
            answered_at=answered_at,
        )
    )


def summarise_answers(session: Session, tenant: Tenant) -> PledgeSummaryOut:
    """Count each phone's latest answer to each current promise (a changed mind counts once)."""
    newest_first = func.row_number().over(
        partition_by=(col(PledgeAnswer.respondent), col(PledgeAnswer.promise_key)),
        order_by=(col(PledgeAnswer.answered_at).desc(), col(PledgeAnswer.received_at).desc()),
    )
    latest = (
        select(PledgeAnswer.promise_key, PledgeAnswer.answer, newest_first.label("rank"))
        .where(PledgeAnswer.tenant_id == tenant.id)
        .subquery()
    )
    counted = session.execute(
        select(latest.c.promise_key, latest.c.answer, func.count())
        .where(latest.c.rank == 1)
        .group_by(latest.c.promise_key, latest.c.answer)
    ).all()
    totals: dict[str, dict[str, int]] = defaultdict(lambda: {"yes": 0, "partly": 0, "no": 0})
    for promise_key, answer, count in counted:
        totals[promise_key][answer] = count
    in_pledge_order = [
        p.id for theme in read_pledge(session, tenant).themes for p in theme.promises
    ]
    return PledgeSummaryOut(
        council=tenant.slug,
        promises=[PromiseCount(id=key, **totals[key]) for key in in_pledge_order],
    )
