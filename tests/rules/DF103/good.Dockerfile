FROM ubuntu:24.04
# installing the package or mentioning the word is not using it
RUN apt-get update && apt-get install -y --no-install-recommends sudo gosu \
 && echo "sudo is installed for interactive debugging" \
 && grep -c sudo /etc/group
USER root
RUN chown 10001 /data
USER 10001
ENTRYPOINT ["gosu", "10001", "/app"]
