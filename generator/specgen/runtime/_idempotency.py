"""Which requests may be repeated: facts the generator reads too, so no httpx here."""

from __future__ import annotations

import re

__all__ = ["IDEMPOTENT_METHODS", "is_idempotency_header"]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
"""RFC 9110 §9.2.2: repeating one of these has the effect of sending it once."""

_IDEMPOTENCY_HEADER = re.compile(r"(x-)?idempotency[-_]?key", re.IGNORECASE)


def is_idempotency_header(name: str) -> bool:
    """True for the usual names of an idempotency-key header: `Idempotency-Key` (the IETF
    draft's, Stripe's, Adyen's), `X-Idempotency-Key`..., in any case."""
    return _IDEMPOTENCY_HEADER.fullmatch(name) is not None
