"""Rule modules, one per rule, named ``<CODE>_<slug>.py`` and grouped by domain.

The registry (``seawall.engine.registry``) finds them by scanning this package; adding a rule never
means editing a list. Renamed codes are kept working in ``redirects.py``.
"""
