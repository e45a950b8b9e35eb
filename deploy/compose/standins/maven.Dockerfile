# Stand-in for maven:3.9.16-eclipse-temurin-21: Debian's OpenJDK 21 and the Maven distribution the
# wrapper pins (apache-maven-3.9.16-bin.tar.gz from Maven Central, checked against its .sha512).
ARG BASE=casino-standin/debian:trixie
FROM ${BASE}
ARG MAVEN_VERSION=3.9.16
RUN apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openjdk-21-jdk-headless ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && url=https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/$MAVEN_VERSION/apache-maven-$MAVEN_VERSION-bin.tar.gz \
 && curl -fsSL -o /tmp/maven.tgz "$url" \
 && echo "$(curl -fsSL "$url.sha512" | cut -c1-128)  /tmp/maven.tgz" | sha512sum -c - \
 && mkdir -p /usr/share/maven && tar -xzf /tmp/maven.tgz -C /usr/share/maven --strip-components=1 && rm /tmp/maven.tgz \
 && ln -s /usr/share/maven/bin/mvn /usr/bin/mvn
ENV JAVA_HOME=/usr/lib/jvm/java-21-openjdk-amd64 MAVEN_HOME=/usr/share/maven LANG=C.UTF-8
