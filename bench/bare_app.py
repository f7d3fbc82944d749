"""A bare Flask app with one trivial endpoint: the framework's own ceiling on this machine.

bench/submit_load.py serves it with the same gunicorn settings as the app and the same client,
so each run says how fast this machine is against the issue's reference (a bare Flask endpoint
under gunicorn with 2 workers answered about 4,900 requests/s there).
"""

from flask import Flask

app = Flask(__name__)


@app.get("/livez")
def livez() -> str:
    return "ok"
