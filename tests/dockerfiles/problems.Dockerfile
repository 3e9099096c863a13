# escape=x
LABEL stray=true
FROM alpine:3.20 AS 1bad
FROM alpine:3.20 AS dup
FROM alpine:3.20 AS DUP
RUNN echo typo
COPY --form=dup /a /b
EXPOSE
FROM alpine AS x extra
