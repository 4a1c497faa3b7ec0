"""`python -m claims_tracker` is the `claims` command."""

from claims_tracker.cli import main

main()
