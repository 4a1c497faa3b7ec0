"""The `claims` command (also `python -m claims_tracker`)."""

import gc


def main() -> None:
    # Importing the CLI makes about 100,000 objects (SQLAlchemy's, mostly) and no garbage; the
    # collector would walk them again and again as they are made, about a seventh of the import
    # time. Frozen once made, they are skipped by every later collection, in forked fetch
    # processes too.
    gc.disable()
    try:
        from claims_tracker.cli import main as cli_main
    finally:
        gc.enable()
    gc.freeze()
    cli_main()


# Guarded: worker processes started with "spawn" import the main module again.
if __name__ == "__main__":
    main()
