"""Table builders shared by both reports: one way to draw each kind of table.

Every table may split inside a row (`splitInRow`): a therapist's free text can be longer than
a page, and a row that cannot split would stop the report with a LayoutError.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from nmt_desktop.reports.data import HomeExercise
from nmt_desktop.reports.markup import para
from nmt_desktop.reports.styles import INK, Styles, grid_table_style


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Flowable]],
    fractions: Sequence[float],
    width: float,
    styles: Styles,
) -> Table:
    """A ruled data table whose bold header row repeats on every page.

    Args:
        header: Column titles (ours, not user text).
        rows: Cells, one flowable each.
        fractions: Column widths as fractions of `width`.
        width: Table width in points.
        styles: The report's styles.
    """
    cells: list[list[Flowable]] = [[Paragraph(h, styles.cell_bold) for h in header]]
    cells += [list(row) for row in rows]
    table = Table(cells, colWidths=[f * width for f in fractions], repeatRows=1, splitInRow=1)
    table.setStyle(grid_table_style())
    return table


def home_care_table(
    exercises: Sequence[HomeExercise], styles: Styles, width: float, *, plain: bool
) -> Table:
    """The home-care programme; the caution column appears only when one has a caution.

    Args:
        exercises: The programme.
        styles: The report's styles.
        width: Table width in points.
        plain: Word the headers for the patient ("How to do it") rather than the physician.
    """
    with_caution = any(e.caution for e in exercises)
    header = ["Exercise", "How to do it" if plain else "Cue", "How much" if plain else "Dose"]
    if with_caution:
        header.append("Take care" if plain else "Caution")
    rows: list[list[Flowable]] = []
    for ex in exercises:
        row: list[Flowable] = [
            para(ex.name, styles.cell_bold, bold=True),
            para(ex.cue, styles.cell),
            para(ex.dose, styles.cell),
        ]
        if with_caution:
            row.append(para(ex.caution, styles.cell))
        rows.append(row)
    fractions = (0.24, 0.4, 0.18, 0.18) if with_caution else (0.28, 0.5, 0.22)
    return data_table(header, rows, fractions, width, styles)


def key_value_rows(pairs: Sequence[tuple[str, str]], styles: Styles, width: float) -> list[Table]:
    """Labelled free-text fields as one small table per field, aligned as one table.

    Separate tables let a long block break between fields, and a heading before it (kept
    with the next flowable) moves only with the first field instead of the whole block.
    """
    return [key_value_table([pair], styles, width) for pair in pairs]


def key_value_table(pairs: Sequence[tuple[str, str]], styles: Styles, width: float) -> Table:
    """Labelled free-text fields: our labels in bold on the left, user text escaped."""
    rows = [
        [Paragraph(label, styles.cell_bold), para(value, styles.body)] for label, value in pairs
    ]
    table = Table(rows, colWidths=[0.22 * width, 0.78 * width], splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def callout(content: str, styles: Styles, width: float) -> Table:
    """A boxed paragraph across the full text width, for what the reader must not miss.

    A one-cell table, not a paragraph border, so that the box lines up with the margins.

    Args:
        content: Paragraph markup; user text in it must already be escaped.
        styles: The report's styles.
        width: Box width in points.
    """
    table = Table([[Paragraph(content, styles.body)]], colWidths=[width], splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.9, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    table.spaceBefore = 4
    table.spaceAfter = 6
    return table
