"""Pod Security Standards as the admission controller applies them per namespace (``PS``)."""
