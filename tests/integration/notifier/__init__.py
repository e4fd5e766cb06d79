"""Integration tests of the notifier: real Kafka and PostgreSQL, local receivers."""
