FROM golang:1.22 AS build
COPY . /src
# a build stage is not shipped: its layers do not count
RUN chmod -R a+rX /src && go build -o /out/server ./cmd/server

FROM alpine:3.20
WORKDIR /app
COPY --chown=app:app --chmod=755 ./app /app/
COPY --from=build --chmod=755 /out/server /usr/local/bin/server
# the directory's own mode or owner: no file is copied again
RUN chmod 750 /app && chown app:app /app
# paths that no COPY created
RUN mkdir -p /data && chown -R app:app /data && chmod +x /usr/bin/env
RUN chmod +x "$UNKNOWN_DIR/tool"
