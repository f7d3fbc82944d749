"""WTForms' own messages, translated through this project's catalogs.

WTForms ships catalogs for few of the languages people file in (none for Tagalog, Vietnamese or
Haitian Creole), so the messages it can produce for our fields are listed here for extraction.
"""

from __future__ import annotations

from complaints.catalog import request_catalog


def _(message: str) -> str:
    """Mark a message for extraction; it is translated when WTForms asks for it."""
    return message


BUILT_IN_MESSAGES = (
    _("Not a valid choice."),
    _("Invalid Choice: could not coerce."),
    _("This field is required."),
    _("Invalid input."),
    _("Not a valid date value."),
    _("Not a valid datetime value."),
)


class CatalogTranslations:
    """The translations object WTForms calls, answering from the request's language (its
    catalog found once per request: complaints/catalog.py)."""

    def gettext(self, string: str) -> str:
        return request_catalog().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return request_catalog().ungettext(singular, plural, n)


CATALOG = CatalogTranslations()
