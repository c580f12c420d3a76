"""The Progress view of the open patient: trends, pain-frequency map, every visit side by side.

Imported only when the Progress tab is first shown: pyqtgraph and numpy stay off the start-up
path (tests/ui/test_app_start.py).
"""
