"""Backing up the database and restoring it into an empty one (`accord backup`, `accord restore`,
decision 26): PostgreSQL through `pg_dump`'s custom format, SQLite through its online backup API,
each with a manifest of the rows the backup holds."""
