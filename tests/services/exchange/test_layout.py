"""The chart file layout covers every column, so a new column is never silently dropped."""

from __future__ import annotations

from nmt_desktop.services.exchange.layout import LOCAL_COLUMNS, all_tables


def test_every_column_is_written_derived_or_a_key() -> None:
    for table in all_tables():
        covered = {"id", "uid", *table.fields, *table.derived,
                   *(link.column for link in table.links)}
        covered |= set(LOCAL_COLUMNS) & set(table.model.__table__.columns.keys())
        if table.parent_column:
            covered.add(table.parent_column)
        columns = set(table.model.__table__.columns.keys())
        assert columns == covered, (table.key, columns ^ covered)


def test_the_format_document_describes_every_field() -> None:
    from pathlib import Path

    text = (Path(__file__).parents[3] / "docs" / "export-format.md").read_text("utf-8")
    for table in all_tables():
        assert f"`{table.key}" in text, table.key
        for name in (*table.fields, *(link.key for link in table.links)):
            assert f"`{name}`" in text, (table.key, name)
