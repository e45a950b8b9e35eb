package casino.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.json.Json;
import casino.common.money.FxRate;
import casino.infra.TestInfra;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** PUT /rates (validation, rates fixed while the rest drift, FX_SIMULATE=false) and the publication to fx.rates on the real broker. */
class FxRatesTest {
    private static final HttpClient http = HttpClient.newHttpClient();

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-21T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static HttpResponse<String> send(FxApiService api, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode latest(FxApiService api) throws Exception {
        return Json.MAPPER.readTree(send(api, "GET", "/latest", "").body()).get("rates");
    }

    @Test
    void givenBadRates_whenPut_then400NamingTheField_andNothingIsSet() throws Exception {
        try (FxApiService api = FxApiService.start(new FxApiSettings(0), new MovableClock(), new RateBook(true), Optional.empty())) {
            Map<String, String> cases = Map.of(
                    "{\"rates\": {\"usd\": 1}}", "rates.usd",
                    "{\"rates\": {\"USD\": -1}}", "rates.USD",
                    "{\"rates\": {\"USD\": \"1.234567890123\"}}", "rates.USD",
                    "{\"rates\": {\"USD\": true}}", "rates.USD",
                    "{\"base\": \"USD\", \"rates\": {\"GBP\": 1}}", "base",
                    "{\"rates\": {}}", "rates",
                    "{\"rates\": {\"GBP\": 1}, \"extra\": 1}", "extra");
            BigDecimal before = latest(api).get("USD").decimalValue();
            for (Map.Entry<String, String> c : cases.entrySet()) {
                HttpResponse<String> r = send(api, "PUT", "/rates", c.getKey());
                assertEquals(400, r.statusCode(), c.getKey() + " -> " + r.body());
                assertEquals(c.getValue(), Json.MAPPER.readTree(r.body()).get("field").asText(), r.body());
            }
            assertEquals(0, before.compareTo(latest(api).get("USD").decimalValue()), "nothing set");
            assertEquals(200, send(api, "PUT", "/rates", "{\"rates\": {\"USD\": \"1.23456789012\"}}").statusCode(), "12 digits are fine");
        }
    }

    @Test
    void givenARateSet_whenTimePasses_thenItStaysFixed_whileTheOthersDrift() throws Exception {
        MovableClock clock = new MovableClock();
        try (FxApiService api = FxApiService.start(new FxApiSettings(0), clock, new RateBook(true), Optional.empty())) {
            HttpResponse<String> put = send(api, "PUT", "/rates", "{\"base\": \"EUR\", \"rates\": {\"USD\": \"1.25\", \"THB\": 38.5}}");
            assertEquals(200, put.statusCode(), put.body());
            assertEquals("38.5", Json.MAPPER.readTree(put.body()).get("rates").get("THB").asText());
            JsonNode before = latest(api);
            clock.now = clock.now.plus(Duration.ofMinutes(13));
            JsonNode after = latest(api);
            assertEquals(0, new BigDecimal("1.25").compareTo(after.get("USD").decimalValue()));
            assertNotEquals(before.get("GBP").decimalValue(), after.get("GBP").decimalValue(), "a rate never set drifts");
        }
    }

    @Test
    void givenNoSimulation_thenRatesDoNotMove() {
        RateBook book = new RateBook(false);
        Instant t = Instant.parse("2026-11-21T12:00:00Z");
        assertEquals(book.at(t), book.at(t.plus(Duration.ofMinutes(17))));
    }

    @Test
    void givenAPublisher_whenStartedAndRatesPut_thenFxRatesCarriesThem() throws Exception {
        String topic = "fx-" + UUID.randomUUID().toString().substring(0, 8) + ".fx.rates";
        MovableClock clock = new MovableClock();
        RateBook book = new RateBook(true);
        try (RatePublisher publisher = RatePublisher.start(TestInfra.config(Map.of(RatePublisher.TOPIC, topic,
                RatePublisher.INTERVAL, "1h")), book, clock);
             FxApiService api = FxApiService.start(new FxApiSettings(0), clock, book, Optional.of(publisher))) {
            assertEquals(200, send(api, "PUT", "/rates", "{\"rates\": {\"USD\": 1.25}}").statusCode());
            Instant deadline = Instant.now().plusSeconds(30);
            Map<String, FxRate> seen = latest(topic);
            while (!(seen.containsKey("GBP") && seen.containsKey("USD") && seen.get("USD").perEur().compareTo(new BigDecimal("1.25")) == 0)) {
                assertTrue(Instant.now().isBefore(deadline), "fx.rates carries the start-up rates and the PUT: " + seen);
                seen = latest(topic);
            }
            assertEquals("fx-api", seen.get("USD").source());
            assertTrue(!seen.containsKey("EUR"), "EUR is the base, not published");
        }
    }

    @Test
    void givenARateAnotherWriterSet_whenThePublisherPublishesAgain_thenTheRateIsKeptAndServed() throws Exception {
        String topic = "fx-" + UUID.randomUUID().toString().substring(0, 8) + ".fx.rates";
        MovableClock clock = new MovableClock();
        RateBook book = new RateBook(true);
        try (RatePublisher publisher = RatePublisher.start(TestInfra.config(Map.of(RatePublisher.TOPIC, topic,
                RatePublisher.INTERVAL, "1h")), book, clock);
             KafkaProducer<String, FxRate> wallet = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers()),
                     new StringSerializer(), FxRate.SERDE.serializer())) {
            publisher.publishAll(book, clock); // the topic exists, with the simulated rates
            wallet.send(new ProducerRecord<>(topic, "USD", new FxRate("USD", new BigDecimal("1.5"), clock.instant(), "wallet"))).get();

            clock.now = clock.now.plus(Duration.ofMinutes(30)); // the simulation has moved USD
            publisher.publishAll(book, clock);

            assertEquals(0, new BigDecimal("1.5").compareTo(book.at(clock.instant()).get("USD")), "the fx-api serves the rate set");
            FxRate lastUsd = latest(topic).get("USD");
            assertEquals(0, new BigDecimal("1.5").compareTo(lastUsd.perEur()), "the next publication keeps it: " + lastUsd);
        }
    }

    /** The last record of each currency on {@code topic}, read to its current end. */
    static Map<String, FxRate> latest(String topic) {
        Map<String, FxRate> last = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(java.util.List.of(p));
            consumer.seekToBeginning(java.util.List.of(p));
            long end = consumer.endOffsets(java.util.List.of(p)).get(p);
            while (consumer.position(p) < end) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    last.put(r.key(), FxRate.parse(r.value()).orElseThrow());
                }
            }
        }
        return last;
    }
}
