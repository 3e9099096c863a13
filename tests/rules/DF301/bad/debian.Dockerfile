FROM python:3.12-slim AS base
# the lists stay in this layer: the rm comes in a later RUN
RUN apt-get update
RUN apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*

FROM base
# a cache mount for the archives does not cover the lists
RUN --mount=type=cache,target=/var/cache/apt \
    apt-get update && apt-get install -y --no-install-recommends curl
# removing the lists before the update does not help
RUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y --no-install-recommends git
RUN pip install --no-cache-dir flask==3.0.3 && python3 -m pip install gunicorn==22.0.0
RUN PIP_NO_CACHE_DIR=0 pip install -r requirements.txt
