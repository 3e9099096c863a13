FROM fedora:40
RUN dnf install -y nginx-1.26.1
RUN dnf clean all && dnf install -y git-2.45.2
RUN microdnf install -y tar-1.35
RUN zypper --non-interactive install curl
