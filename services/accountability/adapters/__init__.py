"""Adapters of the accountability service: the pipeline projection and the HTTP queries."""
