"""``python -m services.duties``: run the duties service."""

from services.duties.app import main

main()
