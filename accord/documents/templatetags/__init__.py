"""Template filters for the documents."""
