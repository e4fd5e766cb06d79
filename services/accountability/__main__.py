"""``python -m services.accountability``: run the accountability service."""

from services.accountability.app import main

main()
