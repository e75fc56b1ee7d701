"""apscheduler_jobs: APScheduler 3's persistent job store table (the campaign tick), created here so that
two processes starting at once never race to create it

Revision ID: 0007_apscheduler_jobs
Revises: 0006_statistics_source
"""
import sqlalchemy as sa
from alembic import op

revision = "0007_apscheduler_jobs"
down_revision = "0006_statistics_source"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The same definition as apscheduler.jobstores.sqlalchemy.SQLAlchemyJobStore (3.x); the job store's
    # own CREATE TABLE (checkfirst) then finds it.
    if "apscheduler_jobs" in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        "apscheduler_jobs",
        sa.Column("id", sa.Unicode(191), primary_key=True),
        sa.Column("next_run_time", sa.Float(25), index=True),
        sa.Column("job_state", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("apscheduler_jobs")
