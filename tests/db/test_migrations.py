"""Migration scripts: one head, models match the migrated schema, the known-revision list."""

from __future__ import annotations

from importlib import resources

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from nmt_desktop.db.base import Base
from nmt_desktop.db.database import Database
from nmt_desktop.db.schema import KNOWN_REVISIONS, SCHEMA_HEAD


def scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("nmt_desktop.db") / "migrations")
    )
    return ScriptDirectory.from_config(config)


def test_single_head_matches_schema_head() -> None:
    assert scripts().get_heads() == [SCHEMA_HEAD]


def test_known_revisions_list_every_script_in_order() -> None:
    walked = [s.revision for s in scripts().walk_revisions()]
    assert tuple(reversed(walked)) == KNOWN_REVISIONS


def test_models_match_migrated_schema(any_db: Database) -> None:
    with any_db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
