"""The queue's search text, sealed so a name or A-number never appears in a URL (DESIGN §9).

A caseworker's search is posted, encrypted with the app's Vault and carried in links as an opaque
`qt` token, so it stays out of browser history, proxy logs and the Referer of anything. The
plaintext starts with a purpose label, so the queue never shows the content of other Vault tokens
(attachments, authenticator secrets), and an issue time, so an old token stops working.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from complaints.casework.queue import Filters
from complaints.storage import Vault

PURPOSE = "queue-search"
LIFETIME = timedelta(hours=12)  # the longest staff session; a bookmarked search then expires
CLOCK_SKEW = timedelta(minutes=1)
MAX_TOKEN_LENGTH = 2048
MAX_SEARCH_LENGTH = 200


def seal_search(vault: Vault, text: str, now: datetime) -> str:
    """An opaque, URL-safe token holding `text`, issued at `now`."""
    plain = f"{PURPOSE}:{int(now.timestamp())}:{text}"
    return vault.encrypt(plain.encode()).decode()


def open_search(vault: Vault, token: str, now: datetime) -> str | None:
    """The text sealed in `token`; None when it is damaged, not a search, or too old."""
    if len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        plain = vault.decrypt(token.encode()).decode()
    except ValueError:  # a wrong key, a changed token, or bytes that are not UTF-8
        return None
    purpose, _sep, rest = plain.partition(":")
    issued, _sep, text = rest.partition(":")
    if purpose != PURPOSE or not issued.isdigit():
        return None
    age = now.timestamp() - int(issued)
    if not -CLOCK_SKEW.total_seconds() <= age <= LIFETIME.total_seconds():
        return None
    return text or None


def with_search(filters: Filters, text: str, vault: Vault, now: datetime) -> Filters:
    """`filters` searching for `text` (trimmed; empty means no search), with its sealed token."""
    search = text.strip()[:MAX_SEARCH_LENGTH] or None
    token = seal_search(vault, search, now) if search else None
    return dataclasses.replace(filters, search=search, search_token=token)
