FROM scratch
WORKDIR /app
COPY --from=ghcr.io/example/server:1.4.2 /server /usr/local/bin/
COPY --from=ghcr.io/example/tools:2.0.1 /bin/tool ./
COPY --from=busybox:1.36-musl /bin/busybox /bin/sh
HEALTHCHECK CMD ./tool check
ENTRYPOINT ["server"]
CMD ["--port=8080"]
