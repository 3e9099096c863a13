"""Rules the engine itself reports (``SW``)."""
