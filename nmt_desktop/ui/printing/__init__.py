"""Showing and printing finished PDF reports: the preview, the printer, the page raster."""
