# Stand-in for eclipse-temurin:21-jre, built by bin/compose-check where no image registry is reachable:
# OpenJDK 21 from Debian's packages on the Debian base that compose-check imports from debootstrap.
ARG BASE=casino-standin/debian:trixie
FROM ${BASE}
RUN apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openjdk-21-jre-headless ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV JAVA_HOME=/usr/lib/jvm/java-21-openjdk-amd64 LANG=C.UTF-8
