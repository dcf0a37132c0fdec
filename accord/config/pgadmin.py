"""Create or drop a PostgreSQL database (CI's fresh database): `python -m accord.config.pgadmin`.

Usage: `python -m accord.config.pgadmin create|drop ADMIN_URL NAME`, where ADMIN_URL points at an
existing database on the server (usually `postgres`).
"""

from __future__ import annotations

import re
import sys

import psycopg
from psycopg import sql

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in {"create", "drop"} or not _NAME.match(argv[2]):
        sys.stderr.write("usage: python -m accord.config.pgadmin create|drop ADMIN_URL NAME\n")
        return 2
    command, url, name = argv
    statement = "CREATE DATABASE {}" if command == "create" else "DROP DATABASE IF EXISTS {}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql.SQL(statement).format(sql.Identifier(name)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
