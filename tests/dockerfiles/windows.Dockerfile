# escape=`

FROM mcr.microsoft.com/windows/servercore:ltsc2022
COPY testfile.txt c:\
RUN dir c:\ ; `
    echo done
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
RUN New-Item -ItemType Directory C:\Example ; `
    Set-Location C:\Example
ENV GREETING=`$HOME APP=c:\app
WORKDIR c:\app
USER ContainerUser
