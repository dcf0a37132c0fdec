"""The written records the procedures require: form records and their PDFs, and PDF rendering."""
