"""Passkeys for young people (WebAuthn, through the `webauthn` package).

A signed-in young person may add a passkey; later they sign in with it instead of a PIN.
User verification (the phone's own screen lock or biometrics) is required both times.
Challenges live in the database and work once, so any app process can check an answer.
"""

import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

import webauthn
from sqlalchemy import delete, update
from sqlmodel import Session, col
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from harbour.accounts.models import YoungPerson
from harbour.accounts.schemas import Principal
from harbour.audit import service as audit
from harbour.audit.schemas import AuditAction
from harbour.db import rows_changed
from harbour.kernel.errors import ApiError, FieldError
from harbour.kernel.time import utc_now
from harbour.passkeys.models import Passkey, PasskeyChallenge
from harbour.passkeys.schemas import PasskeyAdd, PasskeyList, PasskeyOptions, PasskeyOut
from harbour.tenancy import scoped_to
from harbour.tenants.models import Tenant

CHALLENGE_LIFETIME = timedelta(minutes=5)
RP_NAME = "Harbour"


@dataclass(frozen=True)
class RelyingParty:
    """Who the passkey is for: our host name (rp_id) and the exact origin of the app."""

    rp_id: str
    origin: str


def _refused(field: str, message: str, status: int = 401) -> ApiError:
    return ApiError(status, "passkey_refused", message, [FieldError(field=field, message=message)])


def _new_challenge(
    session: Session, tenant_id: uuid.UUID, purpose: str, person_id: uuid.UUID | None
) -> tuple[uuid.UUID, bytes]:
    challenge = secrets.token_bytes(32)
    row = PasskeyChallenge(
        tenant_id=tenant_id,
        purpose=purpose,
        challenge=bytes_to_base64url(challenge),
        young_person_id=person_id,
        expires_at=utc_now() + CHALLENGE_LIFETIME,
    )
    session.add(row)
    session.commit()
    return row.id, challenge


def _use_challenge(
    session: Session,
    challenge_id: uuid.UUID,
    purpose: str,
    tenant_id: uuid.UUID | None = None,
    status: int = 400,
) -> PasskeyChallenge:
    """The challenge, marked used in one statement so it works exactly once."""
    now = utc_now()
    query = (
        update(PasskeyChallenge)
        .where(col(PasskeyChallenge.id) == challenge_id, col(PasskeyChallenge.purpose) == purpose)
        .where(col(PasskeyChallenge.used_at).is_(None), col(PasskeyChallenge.expires_at) > now)
        .values(used_at=now)
    )
    if tenant_id is not None:
        query = query.where(col(PasskeyChallenge.tenant_id) == tenant_id)
    if rows_changed(session, query) != 1:
        session.rollback()
        raise _refused("body.challenge_id", "This has expired. Please start again.", status)
    row = session.get(PasskeyChallenge, challenge_id)
    assert row is not None
    return row


def _audit(session: Session, principal: Principal, action: AuditAction, row: Passkey) -> None:
    # The label is the person's own words, so it stays out of the audit row.
    audit.record(
        session, row.tenant_id, action, principal, subject_kind="passkey", subject_id=row.id
    )


def passkey_out(row: Passkey) -> PasskeyOut:
    return PasskeyOut.model_validate(row, from_attributes=True)


def list_passkeys(session: Session, principal: Principal) -> PasskeyList:
    rows = session.exec(
        scoped_to(Passkey, principal.tenant_id)
        .where(Passkey.young_person_id == principal.id)
        .order_by(col(Passkey.created_at))
    ).all()
    return PasskeyList(passkeys=[passkey_out(row) for row in rows])


def find_own_passkey(
    session: Session, principal: Principal, passkey_id: uuid.UUID
) -> Passkey | None:
    query = (
        scoped_to(Passkey, principal.tenant_id)
        .where(Passkey.young_person_id == principal.id)
        .where(Passkey.id == passkey_id)
    )
    return session.exec(query).first()


def registration_options(session: Session, rp: RelyingParty, person: YoungPerson) -> PasskeyOptions:
    existing = session.exec(
        scoped_to(Passkey, person.tenant_id).where(Passkey.young_person_id == person.id)
    ).all()
    challenge_id, challenge = _new_challenge(session, person.tenant_id, "register", person.id)
    options = webauthn.generate_registration_options(
        rp_id=rp.rp_id,
        rp_name=RP_NAME,
        user_id=person.id.bytes,
        user_name=person.username or "harbour",
        user_display_name=person.preferred_name,
        challenge=challenge,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=webauthn.base64url_to_bytes(p.credential_id))
            for p in existing
        ],
    )
    return PasskeyOptions(
        challenge_id=challenge_id, options=json.loads(webauthn.options_to_json(options))
    )


def add_passkey(
    session: Session, rp: RelyingParty, principal: Principal, data: PasskeyAdd
) -> PasskeyOut:
    challenge = _use_challenge(session, data.challenge_id, "register", principal.tenant_id)
    if challenge.young_person_id != principal.id:
        raise _refused("body.challenge_id", "This has expired. Please start again.", 400)
    try:
        verified = webauthn.verify_registration_response(
            credential=data.credential,
            expected_challenge=webauthn.base64url_to_bytes(challenge.challenge),
            expected_rp_id=rp.rp_id,
            expected_origin=rp.origin,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        session.commit()  # the challenge stays used
        raise _refused("body.credential", "This passkey could not be checked.", 400) from None
    row = Passkey(
        tenant_id=principal.tenant_id,
        young_person_id=principal.id,
        credential_id=bytes_to_base64url(verified.credential_id),
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        label=data.label,
    )
    session.add(row)
    _audit(session, principal, AuditAction.passkey_added, row)
    session.commit()
    return passkey_out(row)


def sign_in_options(session: Session, rp: RelyingParty, tenant: Tenant) -> PasskeyOptions:
    """No list of allowed credentials: the phone offers the passkeys it holds for us."""
    challenge_id, challenge = _new_challenge(session, tenant.id, "sign_in", None)
    options = webauthn.generate_authentication_options(
        rp_id=rp.rp_id,
        challenge=challenge,
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return PasskeyOptions(
        challenge_id=challenge_id, options=json.loads(webauthn.options_to_json(options))
    )


def check_sign_in(
    session: Session, rp: RelyingParty, challenge_id: uuid.UUID, credential: dict[str, object]
) -> tuple[Tenant, YoungPerson]:
    """The young person whose passkey signed this challenge, or 401 naming the credential."""
    # An unknown or used challenge is a failed sign-in like any other: 401.
    challenge = _use_challenge(session, challenge_id, "sign_in", status=401)
    session.commit()
    passkey = session.exec(
        scoped_to(Passkey, challenge.tenant_id).where(
            Passkey.credential_id == str(credential.get("id", ""))
        )
    ).first()
    person = session.get(YoungPerson, passkey.young_person_id) if passkey else None
    tenant = session.get(Tenant, challenge.tenant_id)
    if passkey is None or person is None or not person.active or tenant is None:
        raise _refused("body.credential", "This passkey is not known here.")
    try:
        verified = webauthn.verify_authentication_response(
            credential=credential,
            expected_challenge=webauthn.base64url_to_bytes(challenge.challenge),
            expected_rp_id=rp.rp_id,
            expected_origin=rp.origin,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        raise _refused("body.credential", "This passkey could not be checked.") from None
    # The counter only moves forward: a copied authenticator replaying an old count fails.
    moved = rows_changed(
        session,
        update(Passkey)
        .where(col(Passkey.id) == passkey.id, col(Passkey.sign_count) == passkey.sign_count)
        .values(sign_count=verified.new_sign_count, last_used_at=utc_now()),
    )
    if moved != 1:
        session.rollback()
        raise _refused("body.credential", "This passkey could not be checked.")
    return tenant, person


def remove_passkey(session: Session, principal: Principal, row: Passkey) -> None:
    _audit(session, principal, AuditAction.passkey_removed, row)
    session.delete(row)
    session.commit()


def remove_all(session: Session, tenant_id: uuid.UUID, person_id: uuid.UUID) -> None:
    """Part of an access reset (a lost or stolen phone). The caller commits."""
    session.execute(
        delete(Passkey)
        .where(col(Passkey.tenant_id) == tenant_id)
        .where(col(Passkey.young_person_id) == person_id)
    )
