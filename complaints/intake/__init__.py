"""The public side: the complaint form, receipt and follow-up. No account needed."""

from complaints.intake.views import bp

__all__ = ["bp"]
