"""The duties domain (责任状态): pure fold of the canonical log into duty state."""
