"""``python -m services.registry``: run the registry (登记处)."""

from services.registry.app import main

main()
