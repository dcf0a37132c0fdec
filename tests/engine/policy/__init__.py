"""The policy loader and validator: positions, every rule, a corpus of broken files."""
