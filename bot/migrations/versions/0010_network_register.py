"""network_register: network names the secretariat confirmed per year (new networks and aliases), and
whether a year's statistics are example figures (issue 17)

Revision ID: 0010_network_register
Revises: 0009_teams
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_network_register"
down_revision = "0009_teams"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "network_register",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("alias_of", sa.String(length=100), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("confirmed_by", sa.String(length=320), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("year", "name", name="uq_network_register_year_name"),
    )
    with op.batch_alter_table("network_register", schema=None) as batch_op:
        batch_op.create_index("ix_network_register_year", ["year"], unique=False)
    with op.batch_alter_table("network_statistics") as batch:
        batch.add_column(sa.Column("example", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("network_statistics") as batch:
        batch.drop_column("example")
    with op.batch_alter_table("network_register", schema=None) as batch_op:
        batch_op.drop_index("ix_network_register_year")
    op.drop_table("network_register")
