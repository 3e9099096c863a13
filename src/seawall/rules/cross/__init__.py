"""Cross-artifact rules (``XA``): a Dockerfile of the scan set against the workloads running the
image it builds."""
