"""The public side: the complaint form, review, receipt and follow-up. No account needed."""

from complaints.intake import followup, views
from complaints.intake.blueprint import bp

__all__ = ["bp", "followup", "views"]
