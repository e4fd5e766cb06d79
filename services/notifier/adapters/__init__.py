"""The notifier's adapters: Kafka (FastStream), PostgreSQL, webhooks, SMTP, a file, HTTP."""
