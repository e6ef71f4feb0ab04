"""Scheduled work: delivery, requests and reminders, throttling, candidate feedback, digests."""
