"""Adapters of the duties service: the pipeline projection and the HTTP queries."""
