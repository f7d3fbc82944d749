"""Administration: staff accounts and roles."""

from complaints.admin.views import bp

__all__ = ["bp"]
