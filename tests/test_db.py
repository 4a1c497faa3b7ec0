"""The schema is built by the migrations, round-trips, and matches the models, on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from claims_tracker import db
from claims_tracker.errors import DatabaseError, SchemaOutdatedError

EXPECTED_TABLES = {
    "alembic_version",
    "articles",
    "claims",
    "sources",
    "claim_sources",
    "checks",
    "snapshots",
    "evidence",
    "status_changes",
}


def test_upgrade_downgrade_upgrade_without_drift(database_url: str) -> None:
    engine = db.make_engine(database_url)
    try:
        db.upgrade(engine)
        assert set(sa.inspect(engine).get_table_names()) == EXPECTED_TABLES
        assert db.current_revision(engine) == db.head_revision()
        assert db.schema_drift(engine) == []

        db.downgrade(engine, "base")
        assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
        assert db.current_revision(engine) is None

        db.upgrade(engine)
        assert db.current_revision(engine) == db.head_revision()
        assert db.schema_drift(engine) == []
    finally:
        engine.dispose()


def test_ensure_schema_creates_a_missing_database(database_url: str) -> None:
    engine = db.make_engine(database_url)
    try:
        db.ensure_schema(engine)
        assert db.current_revision(engine) == db.head_revision()
    finally:
        engine.dispose()


def test_outdated_schema_names_the_fix(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '0000'"))
    with pytest.raises(SchemaOutdatedError, match="claims db upgrade"):
        db.ensure_schema(engine)


def test_foreign_tables_are_not_adopted(sqlite_url: str) -> None:
    engine = db.make_engine(sqlite_url)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE notes (id INTEGER PRIMARY KEY)"))
    with pytest.raises(SchemaOutdatedError, match="not made by claims-tracker"):
        db.ensure_schema(engine)
    engine.dispose()


def test_sqlite_pragmas(sqlite_url: str) -> None:
    engine = db.make_engine(sqlite_url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    engine.dispose()


def test_a_database_we_may_not_write_is_opened_read_only(tmp_path: Path) -> None:
    """An archived copy (mode 444, or on a read-only mount) can still be read. Run as root,
    the tests cannot take the write permission away, so read_only is given here; without it
    make_engine decides from os.access."""
    path = tmp_path / "archive.db"
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    engine.dispose()
    before = sorted(p.name for p in tmp_path.iterdir())

    reader = db.make_engine(f"sqlite:///{path}", read_only=True)
    db.ensure_schema(reader, create=False)
    assert db.current_revision(reader) == db.HEAD_REVISION
    with pytest.raises(sa.exc.OperationalError, match="readonly"), reader.begin() as connection:
        connection.execute(sa.text("DELETE FROM alembic_version"))
    reader.dispose()
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no -shm or -wal written


def test_missing_directory_is_a_clear_error(tmp_path: object) -> None:
    with pytest.raises(DatabaseError, match="does not exist"):
        db.make_engine("sqlite:////nonexistent-dir-for-claims/claims.db")


def test_migrations_are_found() -> None:
    assert (db.migrations_dir() / "env.py").is_file()


def test_each_revision_upgrades_with_data_in_place(database_url: str) -> None:
    engine = db.make_engine(database_url)
    try:
        db.upgrade(engine, "0001")
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO sources (id, url, normalized_url, host, state, "
                    "consecutive_failures, created_at, updated_at) VALUES (1, 'https://e.org/', "
                    "'https://e.org/', 'e.org', 'alive', 0, :now, :now)"
                ),
                {"now": "2026-11-01 00:00:00+00:00"},
            )
            connection.execute(
                sa.text(
                    "INSERT INTO checks (source_id, checked_at, requested_url, redirects, "
                    "soft_404, is_failure, verdict, archived) VALUES (1, :now, 'https://e.org/', "
                    "'[]', false, false, 'alive', false)"
                ),
                {"now": "2026-11-01 00:00:00+00:00"},
            )
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO claims (id, text, fingerprint, hedge, cues, status, created_at, "
                    "updated_at) VALUES (1, 'X may rise.', 'f', 'speculative', '[]', 'supported', "
                    ":now, :now)"
                ),
                {"now": "2026-11-01 00:00:00+00:00"},
            )
            connection.execute(
                sa.text(
                    "INSERT INTO claim_sources (claim_id, source_id, relation, created_at) "
                    "VALUES (1, 1, 'manual', :now)"
                ),
                {"now": "2026-11-01 00:00:00+00:00"},
            )
            connection.execute(
                sa.text(
                    "INSERT INTO evidence (claim_id, source_id, check_id, score, method, verdict, "
                    "archived, created_at, updated_at) VALUES (1, 1, 1, 0.9, 'm', 'supports', "
                    "false, :now, :now)"
                ),
                {"now": "2026-11-01 00:00:00+00:00"},
            )
        # Later revisions rebuild `checks` and `sources` on SQLite: nothing that points at them
        # may be lost or detached on the way.
        db.upgrade(engine)
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM claim_sources")).scalar() == 1
            assert connection.execute(sa.text("SELECT check_id FROM evidence")).scalar() == 1
        indexes = {ix["name"] for ix in sa.inspect(engine).get_indexes("checks")}
        assert "ix_checks_checked_at_verdict" in indexes
        assert "ix_checks_checked_at" not in indexes
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM checks")).scalar() == 1
        db.downgrade(engine, "0001")
        indexes = {ix["name"] for ix in sa.inspect(engine).get_indexes("checks")}
        assert "ix_checks_checked_at" in indexes
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM checks")).scalar() == 1
    finally:
        engine.dispose()


def test_head_revision_constant_matches_the_migrations() -> None:
    assert db.head_revision() == db.HEAD_REVISION, (
        "a new migration must also move claims_tracker.db.HEAD_REVISION"
    )
