class UsageError(ValueError):
    """The user asked for something impossible (a bad option, a missing file): exit status 2."""
