"""The resource graph: every object of the scan indexed once, for look-ups across files."""
