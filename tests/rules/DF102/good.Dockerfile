FROM alpine:3.22 AS build
USER builder
RUN make

FROM alpine:3.22
RUN adduser -D -u 10001 appuser
USER 10001:10001
