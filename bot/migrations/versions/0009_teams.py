"""teams: Teams users and conversation references, contacts' Teams ids, processed activities, the Teams outbox

Revision ID: 0009_teams
Revises: 0008_mail_identity
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_teams"
down_revision = "0008_mail_identity"
branch_labels = None
depends_on = None


def _time(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "teams_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teams_user_id", sa.String(length=200), nullable=False),
        sa.Column("aad_object_id", sa.String(length=64), nullable=True),
        sa.Column("upn", sa.String(length=320), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=True),
        sa.Column("service_url", sa.String(length=500), nullable=False),
        sa.Column("personal_conversation_id", sa.String(length=500), nullable=True),
        sa.Column("bot_id", sa.String(length=200), nullable=True),
        _time("created_at"),
        _time("updated_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("teams_user_id"),
    )
    with op.batch_alter_table("teams_user", schema=None) as batch_op:
        batch_op.create_index("ix_teams_user_aad_object_id", ["aad_object_id"], unique=False)
        batch_op.create_index("ix_teams_user_upn", ["upn"], unique=False)
    op.create_table(
        "teams_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("teams_id", sa.String(length=320), nullable=False),
        _time("updated_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
    )
    with op.batch_alter_table("teams_contact", schema=None) as batch_op:
        batch_op.create_index("ix_teams_contact_teams_id", ["teams_id"], unique=False)
    op.create_table(
        "teams_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        _time("received_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("teams_activity", schema=None) as batch_op:
        batch_op.create_index("ix_teams_activity_received_at", ["received_at"], unique=False)
    op.create_table(
        "teams_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=250), nullable=False),
        sa.Column("teams_id", sa.String(length=320), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("recipient_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _time("next_attempt_at"),
        _time("claimed_until", nullable=True),
        _time("sent_at", nullable=True),
        sa.Column("activity_id", sa.String(length=200), nullable=True),
        sa.Column("conversation_id", sa.String(length=500), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        _time("created_at"),
        _time("updated_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("teams_outbox", schema=None) as batch_op:
        batch_op.create_index("ix_teams_outbox_teams_id", ["teams_id"], unique=False)
        batch_op.create_index("ix_teams_outbox_campaign_id", ["campaign_id"], unique=False)
        batch_op.create_index("ix_teams_outbox_recipient_id", ["recipient_id"], unique=False)
        batch_op.create_index("ix_teams_outbox_status", ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("teams_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_teams_outbox_status")
        batch_op.drop_index("ix_teams_outbox_recipient_id")
        batch_op.drop_index("ix_teams_outbox_campaign_id")
        batch_op.drop_index("ix_teams_outbox_teams_id")
    op.drop_table("teams_outbox")
    with op.batch_alter_table("teams_activity", schema=None) as batch_op:
        batch_op.drop_index("ix_teams_activity_received_at")
    op.drop_table("teams_activity")
    with op.batch_alter_table("teams_contact", schema=None) as batch_op:
        batch_op.drop_index("ix_teams_contact_teams_id")
    op.drop_table("teams_contact")
    with op.batch_alter_table("teams_user", schema=None) as batch_op:
        batch_op.drop_index("ix_teams_user_upn")
        batch_op.drop_index("ix_teams_user_aad_object_id")
    op.drop_table("teams_user")
