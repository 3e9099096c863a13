FROM ubuntu:24.04
RUN useradd --uid 10001 --create-home app
USER app
RUN sudo apt-get update \
 && sudo apt-get install -y --no-install-recommends curl
RUN ["sudo", "mkdir", "-p", "/data"]
RUN <<EOF
set -e
sudo chown app /data
EOF
RUN echo ok | sudo tee /etc/motd
ONBUILD RUN sudo -u app make
