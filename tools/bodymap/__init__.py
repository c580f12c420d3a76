"""Generator of the body-map figure ``nmt_desktop/assets/bodymap.svg``.

``python -m tools.bodymap`` writes the SVG from the geometry description in ``figure.py``;
``python -m tools.bodymap --check`` exits 1 when the committed SVG differs from what it would
write. Development-only: it needs shapely, which the app itself never imports.
"""
