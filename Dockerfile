# One image for every service; the container command names the service (see docker-compose.yml),
# started by bin/casino-service (`casino run NAME`) exactly as `make run` starts it. The cli module's
# target/lib holds every service's runtime classpath.
FROM maven:3.9.16-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
# the services' runtime only: the cli module and the modules it needs; tests are neither compiled nor run
RUN mvn -B -ntp -q -pl cli -am package -Dmaven.test.skip=true \
 && mkdir -p /out/cli/target && cp -r cli/target/lib /out/cli/target/lib

FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 --home-dir /app casino \
 && mkdir -p /app/state && chown casino /app/state
WORKDIR /app
COPY --from=build /src/bin /app/bin
COPY --from=build /out /app
USER casino
ENV APP_HOME=/app STATE_DIR=/app/state
ENTRYPOINT ["/app/bin/casino-service"]
