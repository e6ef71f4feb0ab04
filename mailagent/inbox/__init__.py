"""Inbound mail: sources, parsing, quote stripping, guards, routing and intake."""
