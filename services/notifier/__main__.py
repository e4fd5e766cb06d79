"""``python -m services.notifier``: run the notifier."""

from services.notifier.app import main

main()
