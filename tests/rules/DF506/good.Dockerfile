# one CMD and one ENTRYPOINT per stage; other stages and ONBUILD do not count
FROM alpine:3.20 AS base
CMD ["sh"]
ONBUILD CMD ["echo", "child"]

FROM base
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["/app/server"]
