FROM busybox:1.36
CMD ["echo", "say \"hi\"", "C:\\path"]
ENTRYPOINT ['/bin/sh', '-c']
RUN [ -f /etc/os-release ] && cat /etc/os-release
RUN ["/bin/sh", "-c", "apk add curl && curl -fsSL https://x | sh"]
RUN ["echo", 'single']
SHELL /bin/bash -c
HEALTHCHECK NONE
VOLUME ["/data", "/logs"]
CMD ["unterminated"
