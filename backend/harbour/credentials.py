"""Secrets people type or carry: passphrases, PINs, codes and session ids.

Passphrases and PINs are hashed with Argon2id (slow on purpose). Codes that are looked up by
their value (invite and recovery codes) are keyed with HMAC-SHA-256 and the server's secret
key, so a copy of the database alone cannot be used to guess them. Session ids have 256
random bits, so a plain SHA-256 is enough for them. Staff TOTP secrets must be read back to
check a code, so they are encrypted rather than hashed (TotpSecrets).
"""

import hashlib
import hmac
import re
import secrets
import threading
from collections.abc import Sequence
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

# Easy to read out over the phone: no 0/O, 1/I/L, and all capitals.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
INVITE_CODE_LENGTH = 8
RECOVERY_CODE_LENGTH = 10

_hasher = PasswordHash((Argon2Hasher(),))
# Each Argon2 hash or check holds 64 MiB while it runs (and keeps the cores busy): at most
# this many run at once, so a burst of sign-ins waits its turn instead of taking a process to
# 64 MiB for each of the server's threads (bench.startup: 8 at once took one to 660 MiB).
ARGON2_AT_ONCE = 4
_argon2_slots = threading.BoundedSemaphore(ARGON2_AT_ONCE)
# Verifying against this when there is no account takes as long as a real check, so the
# answer's timing does not say whether a username exists. Made on first need, not at
# import: a hash costs as much as a check, and the CLI and the tests rarely need one.
_dummy_lock = threading.Lock()


@cache
def _make_dummy_hash() -> str:
    return hash_secret(secrets.token_urlsafe(16))


def dummy_hash() -> str:
    """The one dummy hash of this process (the lock: threads that race make it once)."""
    with _dummy_lock:
        return _make_dummy_hash()


def hash_secret(secret: str) -> str:
    with _argon2_slots:
        return _hasher.hash(secret)


def verify_secret(secret: str, stored_hash: str | None) -> bool:
    against = dummy_hash() if stored_hash is None else stored_hash
    with _argon2_slots:
        matches = _hasher.verify(secret, against)
    return matches and stored_hash is not None


def keyed_digest(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def session_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _random_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def _grouped(code: str) -> str:
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def new_invite_code() -> str:
    """Eight characters shown as XXXX-XXXX: about 40 bits, single use, short-lived."""
    return _grouped(_random_code(INVITE_CODE_LENGTH))


def new_recovery_code() -> str:
    return _grouped(_random_code(RECOVERY_CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """What people type, as stored: capitals, without spaces or dashes."""
    return re.sub(r"[\s-]", "", typed).upper()


# A PIN is 6 to 12 digits, but not one digit repeated (111111), not digits only going up or
# only going down (123456, 975310), and not 1234567890 or 0987654321: the first guesses.
# A pattern, so the API description says it too.
PIN_PATTERN = (
    r"^(?!([0-9])\1+$)(?!0?1?2?3?4?5?6?7?8?9?$)(?!9?8?7?6?5?4?3?2?1?0?$)"
    r"(?!1234567890$)(?!0987654321$)[0-9]{6,12}$"
)


class TotpSecrets:
    """Staff TOTP secrets as the database keeps them: encrypted and authenticated (Fernet:
    AES-128-CBC with HMAC-SHA-256) with keys kept outside the database (settings
    `totp_keys`), so a copy of the database alone cannot make staff codes. New secrets use
    the first key; any of the keys opens one, so a new key can be put first and the stored
    secrets moved to it (`reseal`) before the old key is dropped."""

    def __init__(self, keys: Sequence[bytes]) -> None:
        if not keys:
            raise ValueError("at least one TOTP key is needed")
        self._fernet = MultiFernet([Fernet(key) for key in keys])

    def seal(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode()).decode()

    def open(self, sealed: str) -> str | None:
        """The secret; None when no key opens it (a wrong key, or not a sealed secret)."""
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            return None

    def reseal(self, sealed: str) -> str | None:
        """The same secret sealed with the first key; None when no key opens it."""
        try:
            return self._fernet.rotate(sealed.encode()).decode()
        except InvalidToken:
            return None
