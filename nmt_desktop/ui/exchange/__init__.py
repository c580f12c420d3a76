"""Moving a chart out of and into the app from the File menu: export and import."""
