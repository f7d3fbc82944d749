"""Entry point: `flask --app app ...` and `gunicorn app:app`."""

from complaints import create_app

app = create_app()
