FROM debian:bookworm-slim
ARG SETUP_SHA256=0000000000000000000000000000000000000000000000000000000000000000
RUN curl -fsSLo /tmp/setup.sh https://deb.nodesource.com/setup_20.x \
    && echo "${SETUP_SHA256}  /tmp/setup.sh" | sha256sum -c - \
    && bash /tmp/setup.sh && rm /tmp/setup.sh
# the interpreter reads the download as data, not as a program
RUN curl -fsSL https://api.github.com/repos/helm/helm/releases/latest \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["tag_name"])'
RUN curl -fsSL https://example.com/data.json | python3 -m json.tool
RUN curl -fsSL https://example.com/list.txt | perl -ne 'print if /stable/'
RUN curl -fsSL https://example.com/list.txt | sh -c 'cat > /etc/list.txt'
RUN curl -fsSL https://example.com/list.txt | bash /usr/local/bin/import-list.sh
RUN bash -c "echo $(curl -fsSL https://example.com/version.txt)"
