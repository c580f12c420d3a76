"""The body atlas: surface regions, their geometry, the muscle layer and pain-quality patterns.

Pure Python (no Qt, no database, no shapely); the SVG is parsed with svgelements.

    from nmt_desktop.domain.atlas import load_atlas
    atlas = load_atlas()
    region = atlas.region_at(x, y)
"""

from nmt_desktop.domain.atlas.atlas import Atlas, build_atlas, load_atlas, svg_bytes
from nmt_desktop.domain.atlas.model import (
    Muscle,
    MuscleChoice,
    PainQualityPattern,
    ReferralSuggestion,
    Region,
)

__all__ = [
    "Atlas",
    "Muscle",
    "MuscleChoice",
    "PainQualityPattern",
    "ReferralSuggestion",
    "Region",
    "build_atlas",
    "load_atlas",
    "svg_bytes",
]
