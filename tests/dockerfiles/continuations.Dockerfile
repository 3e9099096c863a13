FROM debian:12-slim
RUN apt-get update \
    # refresh the index first
    && apt-get install -y \
        curl \

        ca-certificates \   
    && rm -rf /var/lib/apt/lists/*
LABEL a=1 \
# a comment line with no indentation
      b="two words"
ENV PATH=/opt/bin:$PATH \
    HOME=/root
WORKDIR /srv \
