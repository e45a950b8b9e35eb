#!/usr/bin/env bash
KAFKA_LOG_LEVEL=${KAFKA_TOOLS_LOG_LEVEL:-WARN} exec /opt/kafka/bin/kafka-run-class.sh org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
