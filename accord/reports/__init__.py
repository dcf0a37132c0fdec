"""The partnership's view: the live board, trends, learning and the quarterly board report."""
