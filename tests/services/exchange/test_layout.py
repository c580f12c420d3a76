"""The chart file layout covers every column, so a new column is never silently dropped."""

from __future__ import annotations

from nmt_desktop.services.exchange.layout import all_tables


def test_every_column_is_written_derived_or_a_key() -> None:
    for table in all_tables():
        covered = {"id", "uid", *table.fields, *table.derived,
                   *(link.column for link in table.links)}
        if table.parent_column:
            covered.add(table.parent_column)
        columns = set(table.model.__table__.columns.keys())
        assert columns == covered, (table.key, columns ^ covered)
