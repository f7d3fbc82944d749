"""Building the API for an app: the flask-smorest Api, its security scheme, its blueprints."""

from __future__ import annotations

import http

import flask_smorest
from flask import Flask
from flask_smorest.utils import prepare_response

from complaints.api.problems import MEDIA_TYPE
from complaints.api.schemas import ProblemSchema
from complaints.extensions import csrf

TITLE = "Secure Communities complaints: partner API"
DESCRIPTION = (
    "For hotlines, legal-aid groups and oversight bodies. Every operation needs a partner key "
    "(`Authorization: Bearer pk_...`), given by the operator's admin with the scopes it may "
    "use. Errors are RFC 9457 problem details (`application/problem+json`) with a JSON pointer "
    "for each field that was not accepted."
)


class Api(flask_smorest.Api):
    """flask-smorest's Api, but its errors are ours: problem details under /api/ only (see
    complaints/errors.py), and documented as such."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        """The app's own handlers answer; flask-smorest's would turn every HTML error to JSON."""

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response: dict = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, MEDIA_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "A problem", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, MEDIA_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


def build(app: Flask) -> Api:
    from complaints.api import complaints_views, docs, reports_views

    app.config.update(
        API_TITLE=TITLE,
        API_VERSION="1.0.0",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={"info": {"description": DESCRIPTION}},
    )
    api = Api(app)
    api.spec.components.security_scheme(
        "partnerKey", {"type": "http", "scheme": "bearer", "description": "A partner key"}
    )
    with app.test_request_context():  # the complaint schema reads the step forms
        blueprints = [complaints_views.build(), reports_views.build()]
    for blueprint in blueprints:
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint)
    app.register_blueprint(docs.bp)
    app.extensions["partner_api"] = api
    return api
