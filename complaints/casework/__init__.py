"""The caseworker dashboard: the queue, the case page, workflow, messages and redress."""

from complaints.casework.views import bp

__all__ = ["bp"]
