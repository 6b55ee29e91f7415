"""Passkeys are a young person's own: anyone else's id does not exist."""

import uuid
from typing import Annotated

from fastapi import Depends, Path

from harbour.access.refused import refused
from harbour.access.session import Caller, CallerDep, young_people_only
from harbour.db import SessionDep
from harbour.passkeys import service as passkeys
from harbour.passkeys.models import Passkey

# Passkeys are for young people; staff use their provider or passphrase and TOTP.
YoungPersonCaller = Annotated[
    Caller, young_people_only("Passkeys are for young people's accounts.")
]
PasskeyId = Annotated[uuid.UUID, Path(description="The id of one of your passkeys.")]


def own_passkey_from_path(passkey_id: PasskeyId, caller: CallerDep, session: SessionDep) -> Passkey:
    row = passkeys.find_own_passkey(session, caller.principal, passkey_id)
    if row is None:
        raise refused(session, caller, "passkey", passkey_id)
    return row


OwnPasskey = Annotated[Passkey, Depends(own_passkey_from_path)]
