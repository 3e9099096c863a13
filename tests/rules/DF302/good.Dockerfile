# build stages are not shipped: recommends there cost build time only
FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y build-essential

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates=20230311 \
    && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y -o APT::Install-Recommends=false curl=7.88.1-10+deb12u6 \
    && rm -rf /var/lib/apt/lists/*
RUN echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/99-no-recommends
RUN apt-get update && apt-get install -y tzdata=2024a-0+deb12u1 && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/bin/make /usr/local/bin/make
