"""reminder campaigns: contact list, campaigns, rounds, recipients, measures, mails, lease

Also merges the two 0003 heads (email and slack).

Revision ID: 0004_campaigns
Revises: 0003_email, 0003_slack
"""
from alembic import op
import sqlalchemy as sa


revision = "0004_campaigns"
down_revision = ("0003_email", "0003_slack")
branch_labels = None
depends_on = None


def _time(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "campaign_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_key", sa.String(length=300), nullable=False),
        sa.Column("measure", sa.String(length=300), nullable=False),
        sa.Column("scheme", sa.String(length=40), nullable=False),
        sa.Column("network", sa.String(length=100), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("slack_id", sa.String(length=64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        _time("imported_at"),
        _time("updated_at"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("measure_key"),
    )
    with op.batch_alter_table("campaign_contact", schema=None) as batch_op:
        batch_op.create_index("ix_campaign_contact_network", ["network"], unique=False)
        batch_op.create_index("ix_campaign_contact_person_id", ["person_id"], unique=False)
        batch_op.create_index("ix_campaign_contact_email", ["email"], unique=False)

    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("link", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=320), nullable=False),
        _time("created_at"),
        _time("updated_at"),
        _time("paused_at", nullable=True),
        _time("stopped_at", nullable=True),
        _time("finished_at", nullable=True),
        _time("escalated_at", nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "year", name="uq_campaign_kind_year"),
    )
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.create_index("ix_campaign_status", ["status"], unique=False)

    op.create_table(
        "campaign_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _time("planned_at"),
        _time("due_at"),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_id", "key", name="uq_campaign_round_key"),
    )
    with op.batch_alter_table("campaign_round", schema=None) as batch_op:
        batch_op.create_index("ix_campaign_round_campaign_id", ["campaign_id"], unique=False)

    op.create_table(
        "campaign_recipient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("slack_id", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        _time("snooze_until", nullable=True),
        sa.Column("snooze_reason", sa.String(length=300), nullable=True),
        _time("bounced_at", nullable=True),
        sa.Column("bounce_reason", sa.Text(), nullable=True),
        _time("last_reply_at", nullable=True),
        sa.Column("last_reply_intent", sa.String(length=20), nullable=True),
        sa.Column("last_reply_text", sa.Text(), nullable=True),
        sa.Column("last_reply_message_id", sa.String(length=250), nullable=True),
        sa.Column("replies", sa.Integer(), nullable=False),
        sa.Column("review", sa.Text(), nullable=True),
        _time("created_at"),
        _time("updated_at"),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_id", "email", name="uq_campaign_recipient_email"),
    )
    with op.batch_alter_table("campaign_recipient", schema=None) as batch_op:
        batch_op.create_index("ix_campaign_recipient_campaign_id", ["campaign_id"], unique=False)
        batch_op.create_index("ix_campaign_recipient_email", ["email"], unique=False)
        batch_op.create_index("ix_campaign_recipient_slack_id", ["slack_id"], unique=False)

    op.create_table(
        "campaign_measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("measure_key", sa.String(length=300), nullable=False),
        sa.Column("measure", sa.String(length=300), nullable=False),
        sa.Column("scheme", sa.String(length=40), nullable=False),
        sa.Column("network", sa.String(length=100), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        _time("state_changed_at"),
        _time("done_at", nullable=True),
        sa.Column("done_by", sa.String(length=320), nullable=True),
        sa.Column("done_via", sa.String(length=20), nullable=True),
        _time("handover_at", nullable=True),
        sa.Column("handover_to", sa.String(length=320), nullable=True),
        _time("created_at"),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recipient_id"], ["campaign_recipient.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["contact_id"], ["campaign_contact.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_id", "measure_key", name="uq_campaign_measure_key"),
    )
    with op.batch_alter_table("campaign_measure", schema=None) as batch_op:
        batch_op.create_index("ix_campaign_measure_campaign_id", ["campaign_id"], unique=False)
        batch_op.create_index("ix_campaign_measure_recipient_id", ["recipient_id"], unique=False)
        batch_op.create_index("ix_campaign_measure_state", ["state"], unique=False)

    op.create_table(
        "campaign_mail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=True),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.String(length=250), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("cancel_reason", sa.String(length=300), nullable=True),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("measure_ids", sa.JSON(), nullable=False),
        _time("created_at"),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recipient_id"], ["campaign_recipient.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["round_id"], ["campaign_round.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
        sa.UniqueConstraint("campaign_id", "recipient_id", "round_id", name="uq_campaign_mail_round"),
    )
    with op.batch_alter_table("campaign_mail", schema=None) as batch_op:
        batch_op.create_index("ix_campaign_mail_campaign_id", ["campaign_id"], unique=False)
        batch_op.create_index("ix_campaign_mail_recipient_id", ["recipient_id"], unique=False)
        batch_op.create_index("ix_campaign_mail_outbox_id", ["outbox_id"], unique=False)
        batch_op.create_index("ix_campaign_mail_message_id", ["message_id"], unique=False)

    op.create_table(
        "campaign_lease",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=True),
        _time("acquired_at", nullable=True),
        _time("expires_at", nullable=True),
        sa.Column("ticks", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("campaign_lease")
    with op.batch_alter_table("campaign_mail", schema=None) as batch_op:
        batch_op.drop_index("ix_campaign_mail_message_id")
        batch_op.drop_index("ix_campaign_mail_outbox_id")
        batch_op.drop_index("ix_campaign_mail_recipient_id")
        batch_op.drop_index("ix_campaign_mail_campaign_id")
    op.drop_table("campaign_mail")
    with op.batch_alter_table("campaign_measure", schema=None) as batch_op:
        batch_op.drop_index("ix_campaign_measure_state")
        batch_op.drop_index("ix_campaign_measure_recipient_id")
        batch_op.drop_index("ix_campaign_measure_campaign_id")
    op.drop_table("campaign_measure")
    with op.batch_alter_table("campaign_recipient", schema=None) as batch_op:
        batch_op.drop_index("ix_campaign_recipient_slack_id")
        batch_op.drop_index("ix_campaign_recipient_email")
        batch_op.drop_index("ix_campaign_recipient_campaign_id")
    op.drop_table("campaign_recipient")
    with op.batch_alter_table("campaign_round", schema=None) as batch_op:
        batch_op.drop_index("ix_campaign_round_campaign_id")
    op.drop_table("campaign_round")
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_index("ix_campaign_status")
    op.drop_table("campaign")
    with op.batch_alter_table("campaign_contact", schema=None) as batch_op:
        batch_op.drop_index("ix_campaign_contact_email")
        batch_op.drop_index("ix_campaign_contact_person_id")
        batch_op.drop_index("ix_campaign_contact_network")
    op.drop_table("campaign_contact")
