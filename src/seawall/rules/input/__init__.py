"""Input rules (``IN``): files seawall could not read or parse. Reported by the loader, not by a
``check`` function; each module's ``INPUT_KIND`` names the problem kind (or kinds) it reports."""
