FROM alpine:3.20
ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
ADD --chmod=755 http://example.com/tools/healthcheck /usr/local/bin/healthcheck
ADD https://github.com/example/tools.git#main /src/tools
ADD git@github.com:example/private.git /src/private
ADD ["https://example.com/config.tar.gz", "/etc/app/"]
