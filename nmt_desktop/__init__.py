"""NMT Desktop: offline charting for neuromuscular and massage therapists."""

__version__ = "0.1.0"
APP_NAME = "NMT Desktop"
