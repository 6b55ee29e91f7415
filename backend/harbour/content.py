"""Content packs: one YAML file per council holding its settings, local offer, pledge and
pathway-plan task templates.

A pack is checked whole before anything is written, and written in one transaction, so a
bad pack changes nothing already loaded. The format is described in docs/content-pack.md.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlmodel import Session

from harbour.offer import service as offer_service
from harbour.offer.schemas import OfferItemPack
from harbour.plans import service as plans_service
from harbour.plans.schemas import TaskTemplatePack
from harbour.pledge import service as pledge_service
from harbour.pledge.schemas import PledgePack
from harbour.tenants import service as tenant_service
from harbour.tenants.models import Tenant
from harbour.tenants.schemas import CouncilPack


class ContentPack(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal["harbour-content/1"]
    version: str = Field(min_length=1, max_length=40)
    council: CouncilPack
    offer: list[OfferItemPack] = Field(min_length=1)
    pledge: PledgePack
    task_templates: list[TaskTemplatePack] = Field(default_factory=list)

    @field_validator("offer")
    @classmethod
    def _offer_ids_unique(cls, items: list[OfferItemPack]) -> list[OfferItemPack]:
        _check_unique("offer item", [item.id for item in items])
        return items

    @field_validator("task_templates")
    @classmethod
    def _template_ids_unique(cls, templates: list[TaskTemplatePack]) -> list[TaskTemplatePack]:
        _check_unique("task template", [template.id for template in templates])
        return templates

    def unknown_offer_items(self) -> list[str]:
        """Templates linking an offer item this pack does not have, in words."""
        offered = {item.id for item in self.offer}
        return [
            f'task template "{template.id}", field "offer_item": there is no offer item '
            f'"{template.offer_item}" in this pack'
            for template in self.task_templates
            if template.offer_item is not None and template.offer_item not in offered
        ]


def _check_unique(what: str, ids: list[str]) -> None:
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValueError(f"{what} ids must be unique; repeated: {', '.join(repeated)}")


class PackError(Exception):
    """Everything wrong with a pack, one line per problem, each naming file, item and field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class LoadResult:
    council: str
    version: str
    loaded: bool  # False when this version was already loaded


def _entry_id(raw: Any, index: int) -> str:
    entry = raw[index] if isinstance(raw, list) and index < len(raw) else None
    return str(entry.get("id")) if isinstance(entry, dict) and entry.get("id") else f"#{index + 1}"


def _where(raw: dict[str, Any], loc: tuple[int | str, ...]) -> str:
    """Turn a validation location into words: which item, which field."""
    parts = list(loc)
    if len(parts) >= 2 and parts[0] == "offer" and isinstance(parts[1], int):
        field = ".".join(map(str, parts[2:])) or "(the whole item)"
        return f'offer item "{_entry_id(raw.get("offer"), parts[1])}", field "{field}"'
    if len(parts) >= 2 and parts[0] == "task_templates" and isinstance(parts[1], int):
        field = ".".join(map(str, parts[2:])) or "(the whole template)"
        return f'task template "{_entry_id(raw.get("task_templates"), parts[1])}", field "{field}"'
    if parts[:2] == ["pledge", "themes"] and len(parts) >= 3 and isinstance(parts[2], int):
        themes = (raw.get("pledge") or {}).get("themes")
        where = f'pledge theme "{_entry_id(themes, parts[2])}"'
        if len(parts) >= 5 and parts[3] == "promises" and isinstance(parts[4], int):
            theme = themes[parts[2]] if isinstance(themes, list) else {}
            promises = theme.get("promises") if isinstance(theme, dict) else None
            where += f', promise "{_entry_id(promises, parts[4])}"'
            parts = parts[5:]
        else:
            parts = parts[3:]
        return f'{where}, field "{".".join(map(str, parts)) or "(the whole theme)"}"'
    return f'field "{".".join(map(str, parts)) or "(the whole file)"}"'


def read_pack(path: Path) -> tuple[ContentPack, str]:
    """Parse and check a pack file; returns the pack and the file's sha256."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PackError([f"{path}: cannot be read ({error.strerror})"]) from None
    try:
        raw = yaml.safe_load(data)
    except yaml.YAMLError as error:
        raise PackError([f"{path}: not valid YAML: {error}"]) from None
    if not isinstance(raw, dict):
        raise PackError([f"{path}: should be a YAML mapping with format, version, council, ..."])
    try:
        pack = ContentPack.model_validate(raw)
    except ValidationError as error:
        raise PackError(
            [f"{path}: {_where(raw, tuple(e['loc']))}: {e['msg']}" for e in error.errors()]
        ) from None
    unknown = pack.unknown_offer_items()
    if unknown:
        raise PackError([f"{path}: {problem}" for problem in unknown])
    return pack, hashlib.sha256(data).hexdigest()


def _app_edit_clashes(session: Session, council: Tenant, pack: ContentPack) -> list[str]:
    return offer_service.pack_clashes(session, council, pack.offer) + (
        pledge_service.pack_clashes(session, council, pack.pledge)
    )


def load_pack(session: Session, path: Path, *, force: bool = False) -> LoadResult:
    """Check then load a pack in one transaction. Loading the same version again does nothing.

    A pack never silently undoes work done in the app's editor: if an item was changed there
    (a draft waiting, or published or retired words the pack disagrees with), nothing is
    loaded and each such item is named, unless `force` (see docs/decisions)."""
    pack, sha256 = read_pack(path)
    council = tenant_service.upsert_council(session, pack.council)
    if tenant_service.pack_already_loaded(session, council, pack.version, sha256):
        session.rollback()
        return LoadResult(council=council.slug, version=pack.version, loaded=False)
    clashes = [] if force else _app_edit_clashes(session, council, pack)
    if clashes:
        session.rollback()
        raise PackError(
            [
                f"{path}: {clash} was changed in the app's editor and this pack says otherwise."
                for clash in clashes
            ]
            + [
                f"{path}: copy those changes into the pack (or publish or discard the drafts), "
                "or load it with --force to replace them."
            ]
        )
    offer_service.replace_offer(session, council, pack.offer)
    pledge_service.replace_pledge(session, council, pack.pledge)
    plans_service.replace_templates(session, council, pack.task_templates)
    tenant_service.record_pack_load(session, council, pack.version, sha256, path.name)
    session.commit()
    return LoadResult(council=council.slug, version=pack.version, loaded=True)
