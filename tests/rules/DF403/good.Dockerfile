FROM alpine:3.22
ENV DATABASE_URL=postgres://db.internal:5432/app \
    HTTP_PROXY=http://proxy.internal:3128
LABEL org.opencontainers.image.source=https://github.com/acme/app
RUN curl -fsSL https://downloads.example.com/tool.tar.gz -o /tmp/tool.tar.gz
RUN wget ftp://anonymous:guest@ftp.example.com/pub/file.txt
RUN git clone git@github.com:acme/app.git /src
RUN --mount=type=secret,id=git_token \
    git -c "http.extraHeader=Authorization: Bearer $(cat /run/secrets/git_token)" \
        clone https://git.example.com/acme/app.git
