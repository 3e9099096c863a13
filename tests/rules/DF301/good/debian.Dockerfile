# a build stage may keep its caches: only the final image is shipped
FROM python:3.12 AS build
RUN apt-get update && apt-get install -y build-essential
RUN pip install -r requirements.txt --target /deps

FROM python:3.12-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5=15.7-0+deb12u1 \
    && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/var/lib/apt \
    --mount=type=cache,target=/var/cache/apt \
    apt-get update && apt-get install -y --no-install-recommends curl
RUN pip install --no-cache-dir flask==3.0.3
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
RUN python3 -m pip install gunicorn==22.0.0 && rm -rf /root/.cache/pip
ENV PIP_NO_CACHE_DIR=1
RUN pip install uvicorn==0.30.1
COPY --from=build /deps /deps
