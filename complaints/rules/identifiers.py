"""Identifiers people read aloud or type: case references, A-numbers, names for search."""

from __future__ import annotations

import re
import secrets
import unicodedata

# Crockford base32: no I, L, O or U, so a reference survives being read over a bad phone line.
CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CROCKFORD_ALIASES = str.maketrans({"I": "1", "L": "1", "O": "0"})
REFERENCE_PREFIX = "SC"
REFERENCE_PATTERN = re.compile(r"^SC-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")
_A_NUMBER_PATTERN = re.compile(r"^A?(\d{8,9})$")


def random_crockford(characters: int) -> str:
    """`characters` random Crockford base32 characters, 5 random bits each, from one draw of
    the system's secure generator (not one per character)."""
    bits = secrets.randbits(5 * characters)
    return "".join(CROCKFORD_ALPHABET[(bits >> (5 * place)) & 31] for place in range(characters))


def new_reference() -> str:
    """A random public case reference such as `SC-7Q4K-M2XD` (40 random bits, never sequential)."""
    body = random_crockford(8)
    return f"{REFERENCE_PREFIX}-{body[:4]}-{body[4:]}"


def normalize_reference(text: str) -> str | None:
    """Read a reference as a person typed it (any case, spaces, I/L for 1, O for 0).

    Returns the canonical `SC-XXXX-XXXX`, or None when it cannot be a reference.
    """
    compact = re.sub(r"[\s\-]", "", text.upper())
    compact = compact.removeprefix(REFERENCE_PREFIX).translate(_CROCKFORD_ALIASES)
    if len(compact) != 8 or any(char not in CROCKFORD_ALPHABET for char in compact):
        return None
    return f"{REFERENCE_PREFIX}-{compact[:4]}-{compact[4:]}"


def normalize_a_number(text: str) -> str | None:
    """An alien registration number as nine digits ("A12345678" -> "012345678").

    Accepts `A` + 8 or 9 digits with optional spaces or dashes; returns None when it is not one.
    """
    compact = re.sub(r"[\s\-]", "", text.upper())
    match = _A_NUMBER_PATTERN.match(compact)
    if match is None:
        return None
    return match.group(1).zfill(9)


def name_key(given_name: str | None, family_name: str | None) -> str | None:
    """Family name then given name, case-folded and without accents, for prefix search."""
    words = " ".join(part for part in (family_name, given_name) if part and part.strip())
    if not words:
        return None
    decomposed = unicodedata.normalize("NFKD", words)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())
