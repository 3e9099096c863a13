FROM scratch
# ADD unpacks local tar archives: that is what it is for
ADD rootfs.tar.gz /
ADD vendor.tgz /opt/vendor/
ADD data.tar.xz /data/
ADD $ARCHIVE /opt/
ADD *.tar /opt/
# remote sources are DF503's
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool /tool
COPY requirements.txt /app/
