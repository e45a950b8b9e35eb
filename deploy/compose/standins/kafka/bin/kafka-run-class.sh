#!/usr/bin/env bash
# kafka-run-class.sh of the stand-in: CLASS [ARGS...] on the release's jars; KAFKA_HEAP_OPTS and KAFKA_OPTS as in the real scripts.
exec "$JAVA_HOME/bin/java" ${KAFKA_HEAP_OPTS:--Xmx256m} ${KAFKA_OPTS:-} -Dlogback.configurationFile=/opt/kafka/config/logback.xml \
  -cp '/opt/kafka/libs/*' "$@"
