# syntax=docker/dockerfile:1
FROM alpine:3.20
RUN <<EOF
set -e
apk add --no-cache curl
curl -fsSL https://example.com/install.sh | sh
EOF
RUN <<-SCRIPT
	echo "tab-indented"
		apk add git
	SCRIPT
COPY <<'CONF' <<"ENVFILE" /etc/app/
listen = $PORT
CONF
MODE=prod
ENVFILE
RUN python3 <<PY > /tmp/out.txt
import os
print(os.getuid())
PY
RUN cat <<A && sh <<B
not a command
A
wget -qO- https://example.com/x | sh
B
RUN echo "<<NOT" '<<HEREDOC' && cat <<<here-string
RUN ["cat", "<<EOF"]
