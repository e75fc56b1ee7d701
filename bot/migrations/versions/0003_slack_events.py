"""slack events: ids of processed Slack deliveries (dedup of retries)

Revision ID: 0003_slack
Revises: 0002
Create Date: 2026-11-28 03:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = "0003_slack"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("slack_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_slack_event_key"), ["key"], unique=True)
        batch_op.create_index(batch_op.f("ix_slack_event_received_at"), ["received_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("slack_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_event_received_at"))
        batch_op.drop_index(batch_op.f("ix_slack_event_key"))
    op.drop_table("slack_event")
