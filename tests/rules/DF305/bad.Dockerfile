FROM debian:bookworm-slim
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
RUN wget -qO- https://get.example.com/install.sh | tee /tmp/install.log | sudo -E sh -s -- --yes
RUN curl -fsSL https://install.python-poetry.org | python3 -
RUN sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"
RUN bash <(curl -fsSL https://example.com/setup.sh)
RUN eval "$(curl -fsSL https://example.com/env.sh)"
RUN <<EOF
set -eu
curl -fsSL https://sh.rustup.rs \
  | sh -s -- -y
EOF
