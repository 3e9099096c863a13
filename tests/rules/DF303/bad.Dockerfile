FROM python:3.12-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5=15.7-0+deb12u1 curl git \
    && rm -rf /var/lib/apt/lists/*
RUN apk add --no-cache --virtual .build-deps gcc=13.2.1_git20240309-r0 musl-dev
RUN pip install --no-cache-dir -r requirements.txt gunicorn 'flask>=3.0' 'uvicorn~=0.30'
RUN python3 -m pip install --no-cache-dir --upgrade pip
RUN gem install rails bundler:2.5.14
RUN npm install -g npm@latest typescript@5.5.3 @angular/cli
