"""Dockerfile rules (``DF``): ``DF0xx`` parse problems, ``DF1xx`` user and privileges, ``DF2xx``
base images, ``DF3xx`` package managers and downloads, ``DF4xx`` secrets, ``DF5xx`` layers and
size, ``DF6xx`` runtime settings, ``DF7xx`` stages."""
