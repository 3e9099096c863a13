FROM python:3.12-slim
ARG PACKAGES
RUN apt-get update \
    && apt-get install -y --no-install-recommends -t bookworm-backports libpq5=15.7-0+deb12u1 \
        curl/bookworm-backports ./vendor/tool.deb $PACKAGES \
    && rm -rf /var/lib/apt/lists/*
RUN apk add --no-cache --virtual .build-deps gcc~13.2 'musl-dev>1.2'
RUN pip install --no-cache-dir -r requirements.txt
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
RUN pip install --no-cache-dir -c constraints.txt gunicorn flask
RUN pip install --no-cache-dir flask==3.0.3 'uvicorn[standard]<0.31' ./wheels/app-1.0-py3-none-any.whl .
RUN pip install --no-cache-dir "mylib @ git+https://github.com/example/mylib@v1.2.0"
RUN gem install rails -v 7.1.3
RUN npm ci && npm install && npm install -g typescript@5.5.3 @angular/cli@18.0.6 ./local-pkg
