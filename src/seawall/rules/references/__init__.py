"""Reference rules: objects that name other objects (``KG1xx``), judged on the resource graph's
reference edges (``seawall.graph.edges``).

A target missing from the scan set is a mistake when the scan set manages the place it should be
in, and possibly external otherwise (reported at low severity); the ``external`` configuration
declares objects created elsewhere. See ``_policy``.
"""
