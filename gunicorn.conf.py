"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py app:app`.

Each setting can be changed from the environment. Sync workers: a request is CPU work plus short
database calls, and a worker per core (two per core at most) keeps latency even. Put a reverse
proxy in front (TLS, slow clients, static files) and set COMPLAINTS_PROXY_HOPS=1 for the app.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2)))
worker_class = "sync"
# A submission with five 10 MB files over a slow phone is buffered by the proxy, not by us.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Workers are recycled now and then, so no slow leak can grow for weeks. Not often: a worker's
# start costs 1.5-1.9 s of CPU on the benchmark machine (importing and building the app), which
# every 5,000 requests came to 0.3-0.4 ms a request (a plain page, /file/done, took about 1.3).
max_requests = 50000
max_requests_jitter = 5000
# The app writes its own request log (no query strings, no addresses); gunicorn's access log
# would record both, so it stays off. Errors go to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
# The proxy's address; X-Forwarded-* from anyone else is ignored.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
limit_request_line = 8190


def post_worker_init(worker):
    """The app is loaded in this worker: settle the garbage collector (complaints/heap.py)."""
    from complaints.heap import settle

    settle()
