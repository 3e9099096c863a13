# the user comes from --build-arg: unknown here, so not judged
FROM alpine:3.22
ARG APP_UID
USER ${APP_UID}
