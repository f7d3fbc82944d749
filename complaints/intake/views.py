"""Public pages."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

bp = Blueprint("intake", __name__)


@bp.get("/")
def home() -> str:
    return render_template("intake/home.html", operator=current_app.config["OPERATOR_NAME"])
