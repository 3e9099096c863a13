# syntax=docker/dockerfile:1
FROM alpine:3.20
ADD --checksum=sha256:93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
ADD https://github.com/example/tools.git#3f2a9c1d0b8e7f6a5d4c3b2a1f0e9d8c7b6a5f4e /src/tools
ADD https://github.com/example/tools.git#3f2a9c1d0b8e7f6a5d4c3b2a1f0e9d8c7b6a5f4e:cmd/tool /src/tool
ADD vendor.tar.gz /opt/vendor/
COPY app /app
