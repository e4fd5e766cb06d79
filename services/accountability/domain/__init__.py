"""The accountability domain (问责领域): cases, the ladder, award eligibility. Pure: no I/O."""
