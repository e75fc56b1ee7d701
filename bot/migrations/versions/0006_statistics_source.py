"""network statistics: where each year's figures came from (file name; example figures say so)

Revision ID: 0006_statistics_source
Revises: 0005_slack_outbox
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_statistics_source"
down_revision = "0005_slack_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("network_statistics") as batch:
        batch.add_column(sa.Column("source", sa.String(length=300), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("network_statistics") as batch:
        batch.drop_column("source")
