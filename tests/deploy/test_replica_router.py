"""The read replica's router (accord.config.replica): only reads marked replica-safe go to the
`replica` database, and only when there is one and no transaction is open; every write goes to
the primary. test_production_processes.py shows the same with a real second connection."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from accord.cases.models import Case
from accord.config.replica import ReplicaRouter, replica_reads


@pytest.fixture
def with_replica(settings: Any) -> None:
    settings.DATABASES = {**settings.DATABASES, "replica": dict(settings.DATABASES["default"])}


def test_without_a_replica_every_read_is_on_the_primary() -> None:
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(Case) == "default"


@pytest.mark.django_db(transaction=True)  # no test transaction around it: reads as a page's
@pytest.mark.usefixtures("with_replica")
@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_only_marked_reads_outside_a_transaction_go_to_the_replica() -> None:
    router = ReplicaRouter()
    assert router.db_for_read(Case) == "default"
    with replica_reads():
        assert router.db_for_read(Case) == "replica"
        assert router.db_for_write(Case) == "default"
        with transaction.atomic():
            assert router.db_for_read(Case) == "default"  # a transaction sees what it wrote
        assert router.db_for_read(Case) == "replica"
    assert router.db_for_read(Case) == "default"


def test_the_replica_is_never_migrated() -> None:
    router = ReplicaRouter()
    assert router.allow_migrate("default", "cases")
    assert not router.allow_migrate("replica", "cases")
