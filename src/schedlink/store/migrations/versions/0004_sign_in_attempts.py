"""Sign-in attempts, counted in the database so that every app process shares one throttle.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 21:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("bucket", sa.String(length=400), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sign_in_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_sign_in_attempts_bucket_at", ["bucket", "attempted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_sign_in_attempts_attempted_at"), ["attempted_at"], unique=False)


def downgrade() -> None:
    op.drop_table("sign_in_attempts")
