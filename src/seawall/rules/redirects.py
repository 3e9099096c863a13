"""Old rule codes that still work in ``select``, ``ignore``, suppressions and baselines."""

REDIRECTS: dict[str, str] = {}
