"""The hashes that key noiselint's caches and sign what it keeps: BLAKE2b, from CPython's own
`_blake2` module. `hashlib` (and `hmac`, which imports it) loads OpenSSL when imported: 11 M
instructions, about 3 ms of every start, for hashes a run without the caches (or a kept code
file, dataclass_code.py) barely uses. Keyed BLAKE2b is a MAC by design (RFC 7693), so no
HMAC construction is needed.

SARIF's fingerprints stay SHA-256 (report/sarif.py): code scanning matches them across runs
and versions."""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # a Python without CPython's module: hashlib's is the same function
    from hashlib import blake2b

try:
    from _operator import _compare_digest as equal_digests
except ImportError:
    from hmac import compare_digest as equal_digests

__all__ = ["content_digest", "equal_digests", "new_digest", "signature"]

_DIGEST_BYTES = 32


def new_digest() -> blake2b:
    """A digest to `update` part by part (`hexdigest()`: 64 hex characters)."""
    return blake2b(digest_size=_DIGEST_BYTES)


def content_digest(data: bytes) -> str:
    """The hex digest of `data`: a cache key (no secret: it names, it does not vouch)."""
    return blake2b(data, digest_size=_DIGEST_BYTES).hexdigest()


def signature(key: bytes, *parts: bytes) -> bytes:
    """The MAC of `parts` under the per-user `key` (cache_files.user_key), as hex bytes. Each
    part is ended by a NUL: only the last (the payload) may hold one, so no two lists of parts
    sign alike."""
    mac = blake2b(key=key, digest_size=_DIGEST_BYTES)
    for part in parts:
        mac.update(part)
        mac.update(b"\0")
    return mac.hexdigest().encode()
