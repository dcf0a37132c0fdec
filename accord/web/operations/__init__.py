"""Running the service: its health checks, the status page's figures, the request ids in the
logs and the Prometheus metrics (issue 19, item 6; decision 27)."""
