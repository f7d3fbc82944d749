"""The public side: the complaint form, review, receipt and follow-up. No account needed."""

from complaints.intake import facility_picker, followup, followup_privacy, views
from complaints.intake.blueprint import bp

__all__ = ["bp", "facility_picker", "followup", "followup_privacy", "views"]
