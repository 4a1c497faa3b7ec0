"""On PostgreSQL, an index in the lease's order.

The lease takes the first chunk of sources ordered by due time (unchecked first), then lease
expiry (unleased first), then id. SQLite's ix_sources_lease is in that order already; PostgreSQL
keeps NULLs last in an index, so without this one it sorted every candidate for each chunk
(18 ms a chunk at 50,000 sources, growing with the table). Nothing changes on SQLite.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.create_index(
        "ix_sources_lease_order",
        "sources",
        [
            sa.text("next_check_at NULLS FIRST"),
            sa.text("lease_expires_at NULLS FIRST"),
            "id",
        ],
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_sources_lease_order", table_name="sources")
