FROM fedora:40
RUN dnf install -y nginx-1.26.1 && dnf clean all
RUN yum install -y git && yum clean all && rm -rf /var/cache/yum
RUN --mount=type=cache,target=/var/cache/dnf dnf install -y tar
RUN zypper --non-interactive install curl && zypper clean --all
