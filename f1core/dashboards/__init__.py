"""Dashboards: pinned views laid out in a grid, stored per user, rendered live from the store."""
