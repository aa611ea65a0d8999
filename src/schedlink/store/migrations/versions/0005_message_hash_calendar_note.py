"""A content hash on stored replies (a reused message_id with other content is refused) and a separate
note on calendars (what a successful read skipped is not an error).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 21:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("inbound_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("content_sha256", sa.String(length=64), nullable=True))
    with op.batch_alter_table("calendar_sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
    # A read that went fine kept what it skipped in ``error``; that is a note.
    op.execute(
        "UPDATE calendar_sources SET note = error, error = NULL WHERE status = 'ok' AND error IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("calendar_sources", schema=None) as batch_op:
        batch_op.drop_column("note")
    with op.batch_alter_table("inbound_messages", schema=None) as batch_op:
        batch_op.drop_column("content_sha256")
