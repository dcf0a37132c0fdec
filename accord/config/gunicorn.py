"""gunicorn's settings for Accord's web processes, read from the environment (decision 28).

    gunicorn --config python:accord.config.gunicorn accord.config.wsgi

`ACCORD_BIND` (default `0.0.0.0:$PORT` when a platform sets `PORT`, else `127.0.0.1:8000`, for a
proxy on the same machine) and `WEB_CONCURRENCY` (worker processes, default 2 per CPU plus 1).
The proxy in front terminates TLS and says so with `X-Forwarded-Proto` (production.py).
"""

from __future__ import annotations

import os

_port = os.environ.get("PORT")
bind = [os.environ.get("ACCORD_BIND") or (f"0.0.0.0:{_port}" if _port else "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)
worker_class = "sync"  # each request is short and database-bound; a PDF takes a worker a while
timeout = 60  # a case PDF (WeasyPrint) can take seconds; a stuck worker is replaced after this
graceful_timeout = 30  # on SIGTERM, requests in flight get this long to finish
keepalive = 5  # behind a proxy that reuses its connections
max_requests = 2000  # each worker is replaced after this many requests (and a jitter), so that
max_requests_jitter = 200  # memory a PDF library holds on to is given back
preload_app = True  # settings and imports checked once, before forking: a bad setting stops here
accesslog = None  # the proxy logs requests; Accord's own log lines go to stderr (settings)
errorlog = "-"
