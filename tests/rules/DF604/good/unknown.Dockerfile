# a destination that cannot be resolved may put anything anywhere
FROM scratch
ARG DEST
COPY --from=ghcr.io/example/server:1.4.2 /server ${DEST}
CMD ["server"]
