FROM python:3.12-slim
ADD requirements.txt /app/
ADD ./src /app/src
ADD ["config/app.yaml", "config/logging.yaml", "/etc/app/"]
ADD release.zip /opt/release/
ADD <<EOT /etc/motd
welcome
EOT
