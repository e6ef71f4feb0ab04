"""Outgoing mail: rendering, composing, the transactional queue and transports."""
