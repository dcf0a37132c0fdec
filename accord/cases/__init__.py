"""Cases: the models, every write (`actions`), the reads (`queries`) and the audit trail."""
