FROM scratch AS base
WORKDIR /app
COPY --from=ghcr.io/example/tools:2.0.1 /bin/tool ./tool
CMD ["server"]

FROM base
HEALTHCHECK CMD ./tool check
