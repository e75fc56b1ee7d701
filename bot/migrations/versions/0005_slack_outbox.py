"""slack outbox: direct messages waiting to be posted (campaign reminders by DM)

Revision ID: 0005_slack_outbox
Revises: 0004_campaigns
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_slack_outbox"
down_revision = "0004_campaigns"
branch_labels = None
depends_on = None


def _time(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "slack_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=250), nullable=False),
        sa.Column("slack_user", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("recipient_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _time("next_attempt_at"),
        _time("claimed_until", nullable=True),
        _time("sent_at", nullable=True),
        sa.Column("posted_ts", sa.String(length=40), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        _time("created_at"),
        _time("updated_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("slack_outbox", schema=None) as batch_op:
        batch_op.create_index("ix_slack_outbox_slack_user", ["slack_user"], unique=False)
        batch_op.create_index("ix_slack_outbox_campaign_id", ["campaign_id"], unique=False)
        batch_op.create_index("ix_slack_outbox_recipient_id", ["recipient_id"], unique=False)
        batch_op.create_index("ix_slack_outbox_status", ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("slack_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_slack_outbox_status")
        batch_op.drop_index("ix_slack_outbox_recipient_id")
        batch_op.drop_index("ix_slack_outbox_campaign_id")
        batch_op.drop_index("ix_slack_outbox_slack_user")
    op.drop_table("slack_outbox")
