"""Telling people: in-app notifications, the e-mail outbox, its delivery task and daily digests."""
