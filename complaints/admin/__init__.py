"""Administration: staff accounts and roles, partner API keys."""

from complaints.admin import partners  # noqa: F401  (registers its routes on bp)
from complaints.admin.views import bp

__all__ = ["bp"]
