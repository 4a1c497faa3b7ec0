"""Engine and sessions, SQLite pragmas, and the Alembic operations the app runs itself."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from claims_tracker.errors import DatabaseError, SchemaOutdatedError, UsageError
from claims_tracker.models import Base

# Alembic is imported by the functions that migrate: every command checks the schema, and the
# check below needs no Alembic, which keeps about 0.2 s off each `claims` call.
if TYPE_CHECKING:
    from alembic.config import Config

SQLITE_BUSY_TIMEOUT_MS = 10_000
# The newest revision in migrations/versions. A test compares it with what Alembic computes, so
# a new migration that forgets to move it fails the suite.
HEAD_REVISION: Final = "0005"


def migrations_dir() -> Path:
    """The Alembic scripts: inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "migrations", here.parent / "migrations"):
        if (candidate / "env.py").is_file():
            return candidate
    raise DatabaseError("the migrations directory is missing from this installation")


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _set_read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str, *, read_only: bool | None = None, **kwargs: Any) -> Engine:
    """An engine for `url`. A SQLite file this process may not write (an archived copy, a
    read-only mount) is opened read-only, by default: reading a WAL database otherwise needs
    its -shm file written beside it. Writing to it then fails with one database error."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(f"invalid database URL {url!r}") from exc
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        # psycopg 3 is what the postgres extra installs.
        parsed = parsed.set(drivername="postgresql+psycopg")
    pragmas = _set_sqlite_pragmas
    if parsed.get_backend_name() == "sqlite":
        path = _sqlite_file(parsed)
        if path is not None:
            path = path.resolve()
            if not path.parent.is_dir():
                raise DatabaseError(
                    f"cannot open database {parsed.database}: {path.parent} does not exist"
                )
            if read_only is None:
                read_only = path.is_file() and not (
                    os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
                )
            if read_only:
                # immutable: no locks and no -shm file; nobody who can write it is reading
                # through us, and what we read is one consistent state of the file.
                parsed = parsed.set(
                    database=f"file:{quote(str(path))}",
                    query={"mode": "ro", "immutable": "1", "uri": "true"},
                )
                pragmas = _set_read_only_pragmas
        kwargs.setdefault("connect_args", {})
        kwargs["connect_args"].setdefault("timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
    try:
        engine = sa.create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        hint = " (install the postgres extra)" if "postgres" in str(parsed.drivername) else ""
        raise DatabaseError(f"no database driver for {parsed.drivername}{hint}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", pragmas)
    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: committed if the block succeeds, rolled back (nothing written) if not."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(connection: sa.Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The head as Alembic computes it from the scripts (slower than HEAD_REVISION)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise DatabaseError("no migration revisions found")
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the database, or None for an empty one."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    _migrate(engine, lambda config: command.upgrade(config, revision))


def downgrade(engine: Engine, revision: str = "-1") -> None:
    from alembic import command

    _migrate(engine, lambda config: command.downgrade(config, revision))


def _migrate(engine: Engine, run: Callable[[Config], None]) -> None:
    """Run migrations in one transaction. On SQLite, foreign keys are off meanwhile: a batch
    migration rebuilds a table by copy, drop and rename, and dropping the old `sources` with
    foreign keys on would cascade-delete every check and link. The keys are verified after."""
    from alembic.util import CommandError

    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # a no-op inside a transaction
            connection.commit()
        try:
            with connection.begin():
                try:
                    run(alembic_config(connection))
                except CommandError as exc:  # an unknown or unreachable revision
                    raise UsageError(str(exc).splitlines()[0]) from exc
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise DatabaseError(
                            f"migration left {len(broken)} broken foreign key(s), first: "
                            f"{tuple(broken[0])}; nothing was changed"
                        )
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def schema_drift(engine: Engine) -> list[Any]:
    """Differences between the models and the live schema (empty when they agree)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "render_as_batch": True,
                "include_object": on_this_backend(connection.dialect.name),
            },
        )
        return list(compare_metadata(context, Base.metadata))


def on_this_backend(dialect: str) -> Callable[..., bool]:
    """Alembic's include_object: an object made for another backend only (models.only_on) is
    not compared with this one's schema."""

    def include(obj: Any, _name: Any, _type: str, _reflected: bool, _compare_to: Any) -> bool:
        wanted = getattr(obj, "info", {}).get("only_on")
        return wanted is None or wanted == dialect

    return include


def _sqlite_file(parsed: URL) -> Path | None:
    """The file of a SQLite URL given as a plain path (not in memory, not a `file:` URI)."""
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    return None if database.startswith("file:") else Path(database).expanduser()


def require_existing(url: str) -> None:
    """Refuse a SQLite database file that does not exist (opening it would create it)."""
    parsed = make_url(url)
    path = _sqlite_file(parsed)
    if path is not None and not path.exists():
        raise UsageError(
            f"no database at {parsed.database}: `claims init` or a first import creates one"
        )


def ensure_schema(engine: Engine, *, create: bool = True) -> None:
    """Create a missing database at head (unless `create` is off); refuse to work on an
    outdated one."""
    try:
        current = current_revision(engine)
        if current is None:
            if sa.inspect(engine).get_table_names():
                raise SchemaOutdatedError(
                    "the database has tables but no migration history: "
                    "it was not made by claims-tracker"
                )
            if not create:
                raise UsageError(
                    "the database has no tables yet: `claims init` or a first import creates them"
                )
            upgrade(engine)
            return
    except sa.exc.DBAPIError as exc:
        raise DatabaseError(f"cannot open database: {_first_line(exc)}") from exc
    if current != HEAD_REVISION:
        raise SchemaOutdatedError(
            f"database schema is at revision {current}, this version needs {HEAD_REVISION}: "
            "run `claims db upgrade`"
        )


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
