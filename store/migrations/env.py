"""Alembic environment: migrations run on the connection the store hands over."""

from alembic import context

from store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("threadkeep runs its migrations through store.database.migrate()")

context.configure(connection=connection, target_metadata=Base.metadata)
context.run_migrations()
