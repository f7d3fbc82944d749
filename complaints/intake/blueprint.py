"""The public blueprint. Views in `views` (filing) and `followup` attach their routes to it."""

from flask import Blueprint

bp = Blueprint("intake", __name__)
