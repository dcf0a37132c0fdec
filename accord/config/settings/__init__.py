"""Settings modules: `base` (env-driven), `local`, `test` and `production` build on it."""
