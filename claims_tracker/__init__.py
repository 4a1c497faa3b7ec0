"""claims-tracker: source-linked claims, checked for link rot and anchored to evidence."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/claims-tracker/claims-tracker"
USER_AGENT = f"claims-tracker/{__version__} (+{PROJECT_URL})"
