"""Unit tests of the notifier's pure domain: routing, messages, retries."""
