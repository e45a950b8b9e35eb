package casino.fx;

import static casino.fx.FxRatesTest.latest;
import static casino.fx.FxRatesTest.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.json.Json;
import casino.common.metrics.PrometheusText;
import casino.infra.TestInfra;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Rates out of every sane bound: refused by PUT /rates, skipped on fx.rates, never served. */
class FxRatesEdgeTest {
    @Test
    void givenRatesWithHugeOrTinyExponents_whenPut_then400NamingTheFieldAndNothingIsSet() throws Exception {
        try (FxApiService api = FxApiService.start(new FxApiSettings(0), new FxRatesTest.MovableClock(), new RateBook(true), Optional.empty())) {
            BigDecimal before = latest(api).get("USD").decimalValue();
            // 1e400 first: an unbounded parser takes it (and then prints it as 401 digits); one that took
            // 1E+999999999 would try to print a billion digits
            for (String body : List.of("{\"rates\": {\"USD\": 1e400}}", "{\"rates\": {\"USD\": \"1e400\"}}",
                    "{\"rates\": {\"USD\": \"1e-31\"}}", "{\"rates\": {\"USD\": \"1E+999999999\"}}", "{\"rates\": {\"USD\": 1E+999999999}}",
                    "{\"rates\": {\"USD\": \"" + "1".repeat(65) + "\"}}")) {
                HttpResponse<String> r = send(api, "PUT", "/rates", body);
                assertEquals(400, r.statusCode(), body + " -> " + r.body());
                JsonNode error = Json.MAPPER.readTree(r.body());
                assertEquals("rates.USD", error.get("field").asText(), r.body());
                assertTrue(error.get("error").asText().length() < 200, r.body());
            }
            assertEquals(0, before.compareTo(latest(api).get("USD").decimalValue()), "nothing set");
            assertEquals(200, send(api, "GET", "/latest", "").statusCode());
        }
    }

    @Test
    void givenABadRateRecordOnFxRates_whenFollowed_thenItIsSkippedLoggedOnceCountedAndLatestStays200() throws Exception {
        String topic = "fx-" + UUID.randomUUID().toString().substring(0, 8) + ".fx.rates";
        FxRatesTest.MovableClock clock = new FxRatesTest.MovableClock();
        RateBook book = new RateBook(true);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger followerLog = (Logger) LoggerFactory.getLogger(RateFollower.class);
        followerLog.addAppender(logs);
        try (RatePublisher publisher = RatePublisher.start(TestInfra.config(Map.of(RatePublisher.TOPIC, topic,
                RatePublisher.INTERVAL, "1h")), book, clock);
             FxApiService api = FxApiService.start(new FxApiSettings(0), clock, book, Optional.of(publisher));
             KafkaProducer<String, byte[]> wallet = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer())) {
            publisher.publishAll(book, clock); // the topic exists
            for (String[] record : new String[][] {
                    {"ZZQ", "{\"currency\":\"ZZQ\",\"per_eur\":\"1E+999999999\",\"at\":\"2026-11-21T12:00:00.000Z\",\"source\":\"wallet\"}"},
                    {"NZD", "{\"currency\":\"NZD\",\"per_eur\":\"1e400\",\"at\":\"2026-11-21T12:00:00.000Z\",\"source\":\"wallet\"}"},
                    {"USD", "{\"currency\":\"USD\",\"per_eur\":\"1.5\",\"at\":\"2026-11-21T12:00:00.000Z\",\"source\":\"wallet\"}"}}) {
                wallet.send(new ProducerRecord<>(topic, record[0], record[1].getBytes(StandardCharsets.UTF_8))).get();
            }
            publisher.publishAll(book, clock);
            publisher.publishAll(book, clock); // reads nothing new: nothing logged again

            HttpResponse<String> r = send(api, "GET", "/latest", "");
            assertEquals(200, r.statusCode(), r.body());
            JsonNode rates = Json.MAPPER.readTree(r.body()).get("rates");
            assertFalse(rates.has("ZZQ"), "never stored: " + r.body());
            assertEquals(0, new BigDecimal("1.5").compareTo(rates.get("USD").decimalValue()), "a good record behind them is followed");
            assertTrue(rates.get("NZD").decimalValue().compareTo(BigDecimal.TEN) < 0, "the simulated NZD, not 1e400: " + r.body());
            assertEquals(2, publisher.skippedRecords());
            assertEquals(2, logs.list.stream().filter(l -> l.getLevel() == Level.WARN).count(), "one line per bad record");
            assertTrue(logs.list.get(0).getFormattedMessage().contains("@"), logs.list.get(0).getFormattedMessage());
            String metrics = send(api, "GET", "/metrics", "").body();
            assertEquals(2.0, PrometheusText.sum(PrometheusText.parse(metrics), "fx_rates_records_skipped_total"));
        } finally {
            followerLog.detachAppender(logs);
        }
    }
}
