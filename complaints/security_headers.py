"""Security headers on every response (DESIGN §9): a strict CSP and no caching of pages.

Pages never need inline script or style and never load anything from another host, so the policy
allows only this origin. Every response except a static asset is `no-store`: case pages, exports
and even public form pages carry what a person told us, and a shared computer's cache must not
keep them. HSTS is sent only in production, where the service is reached over HTTPS.
"""

from __future__ import annotations

from http import HTTPStatus

from flask import Flask, request
from werkzeug.wrappers import Response

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Features no page uses. `browsing-topics` replaced `interest-cohort` (FLoC); browsers report
# features they do not recognise as console errors, so only current names are listed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics")
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
}
STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains"
STATIC_ENDPOINT = "static"


def add_headers(response: Response, *, production: bool) -> Response:
    """Set the security headers on `response`; `no-store` unless it is a static asset."""
    response.headers.update(HEADERS)
    if request.endpoint != STATIC_ENDPOINT or response.status_code >= HTTPStatus.BAD_REQUEST:
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
    if production:
        response.headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
    return response


def register(app: Flask) -> None:
    """Add the headers to every response `app` sends, error pages included."""
    production = app.config["COMPLAINTS_ENV"] == "production"

    @app.after_request
    def security_headers(response: Response) -> Response:
        return add_headers(response, production=production)
