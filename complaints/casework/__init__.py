"""The caseworker dashboard: the queue, the case page, workflow, messages and redress."""

from complaints.casework import (
    papers,  # noqa: F401  (registers the download and letter views)
    safety_views,  # noqa: F401  (identity, consent, authority, split)
)
from complaints.casework.views import bp

__all__ = ["bp"]
