"""The check functions, one module per family. Versions and levels live in ``registry``."""
