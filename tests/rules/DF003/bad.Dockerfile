FROM alpine:3.20
# escape=`
RUN apk add --no-cache \

    curl
