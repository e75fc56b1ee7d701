"""email channel: outbox, inbound log, sender state, correspondents

Revision ID: 0003_email
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = "0003_email"
down_revision = "0002"
branch_labels = None
depends_on = None


def _time(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("message_id", sa.String(length=250), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("envelope_recipients", sa.JSON(), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("reply_token", sa.String(length=64), nullable=True),
        sa.Column("thread_key", sa.String(length=250), nullable=True),
        sa.Column("campaign_id", sa.String(length=100), nullable=True),
        sa.Column("inbound_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("in_doubt_resends", sa.Integer(), nullable=False),
        sa.Column("respect_quiet_hours", sa.Boolean(), nullable=False),
        _time("next_attempt_at"),
        _time("last_attempt_at", nullable=True),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        _time("claimed_at", nullable=True),
        sa.Column("last_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        _time("created_at"),
        _time("sent_at", nullable=True),
        _time("echo_at", nullable=True),
        _time("bounced_at", nullable=True),
        sa.Column("bounce_status", sa.String(length=20), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
        sa.UniqueConstraint("message_id"),
        sa.UniqueConstraint("reply_token"),
    )
    with op.batch_alter_table("mail_outbox", schema=None) as batch_op:
        batch_op.create_index("ix_mail_outbox_recipient", ["recipient"], unique=False)
        batch_op.create_index("ix_mail_outbox_thread_key", ["thread_key"], unique=False)
        batch_op.create_index("ix_mail_outbox_campaign_id", ["campaign_id"], unique=False)
        batch_op.create_index("ix_mail_outbox_inbound_id", ["inbound_id"], unique=False)
        batch_op.create_index("ix_mail_outbox_status", ["status"], unique=False)
        batch_op.create_index("ix_mail_outbox_due", ["status", "next_attempt_at"], unique=False)

    op.create_table(
        "mail_inbound",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("folder", sa.String(length=200), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=False),
        sa.Column("uid", sa.BigInteger(), nullable=False),
        sa.Column("message_key", sa.String(length=64), nullable=False),
        sa.Column("message_id", sa.Text(), nullable=True),
        sa.Column("sender", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        _time("claimed_at", nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("correlated_outbox_id", sa.Integer(), nullable=True),
        sa.Column("correlation_via", sa.String(length=20), nullable=True),
        sa.Column("reply_outbox_id", sa.Integer(), nullable=True),
        _time("received_at"),
        _time("processed_at", nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("folder", "uidvalidity", "uid", name="uq_mail_inbound_location"),
        sa.UniqueConstraint("message_key"),
    )
    with op.batch_alter_table("mail_inbound", schema=None) as batch_op:
        batch_op.create_index("ix_mail_inbound_sender", ["sender"], unique=False)
        batch_op.create_index("ix_mail_inbound_status", ["status"], unique=False)
        batch_op.create_index("ix_mail_inbound_correlated_outbox_id", ["correlated_outbox_id"], unique=False)

    op.create_table(
        "mail_sender_state",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        _time("updated_at"),
        sa.PrimaryKeyConstraint("key"),
    )

    op.create_table(
        "mail_correspondent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=320), nullable=False),
        _time("invalid_at", nullable=True),
        sa.Column("invalid_status", sa.String(length=20), nullable=True),
        sa.Column("invalid_reason", sa.Text(), nullable=True),
        _time("opted_out_at", nullable=True),
        _time("updated_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("address"),
    )

    op.create_table(
        "mail_correspondent_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("address", "day", name="uq_mail_counter_address_day"),
    )
    with op.batch_alter_table("mail_correspondent_counter", schema=None) as batch_op:
        batch_op.create_index("ix_mail_correspondent_counter_address", ["address"], unique=False)


def downgrade() -> None:
    op.drop_table("mail_correspondent_counter")
    op.drop_table("mail_correspondent")
    op.drop_table("mail_sender_state")
    op.drop_table("mail_inbound")
    op.drop_table("mail_outbox")
