"""The instructor's tools: the offline bundle (bundle.py) and the course site (site.py)."""
