FROM debian:bookworm-slim AS base
RUN apt-get update \
    && apt-get install -y ca-certificates=20230311 \
    && rm -rf /var/lib/apt/lists/*

FROM base
RUN apt-get update && apt-get -o Dpkg::Options::=--force-confnew -y install tzdata=2024a-0+deb12u1 \
    && rm -rf /var/lib/apt/lists/*
RUN apt update && apt install -y --no-install-suggests curl=7.88.1-10+deb12u6 \
    && rm -rf /var/lib/apt/lists/*
