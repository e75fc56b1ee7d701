"""mail_identity: the raw From and how the sender was verified on each inbound mail, and the actions
held until an unverified sender confirms by replying (issue 12)

Revision ID: 0008_mail_identity
Revises: 0007_apscheduler_jobs
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_mail_identity"
down_revision = "0007_apscheduler_jobs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mail_inbound", schema=None) as batch_op:
        batch_op.add_column(sa.Column("raw_from", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("verified_by", sa.String(length=20), nullable=False, server_default="none"))
    op.create_table(
        "mail_pending_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("raw_from", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("inbound_id", sa.Integer(), nullable=True),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_inbound_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("mail_pending_action", schema=None) as batch_op:
        batch_op.create_index("ix_mail_pending_action_address", ["address"], unique=False)
        batch_op.create_index("ix_mail_pending_action_outbox_id", ["outbox_id"], unique=False)
        batch_op.create_index("ix_mail_pending_action_status", ["status"], unique=False)


def downgrade() -> None:
    op.drop_table("mail_pending_action")
    with op.batch_alter_table("mail_inbound", schema=None) as batch_op:
        batch_op.drop_column("verified_by")
        batch_op.drop_column("raw_from")
