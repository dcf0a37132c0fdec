"""The partnership pages (under /partnership/): board, trends, learning, themes, report."""
