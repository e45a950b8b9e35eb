package casino.cli.ops;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.metrics.PrometheusText;
import casino.enricher.EnricherService;
import casino.enricher.EnricherSettings;
import casino.enricher.pipeline.EnricherTopics;
import casino.enricher.pipeline.EventPrinter;
import casino.fx.FxApiService;
import casino.fx.FxApiSettings;
import casino.generator.GeneratorService;
import casino.generator.GeneratorSettings;
import casino.infra.TestInfra;
import casino.materializer.MaterializerService;
import casino.materializer.MaterializerSettings;
import casino.reporting.ReportingService;
import casino.reporting.ReportingSettings;
import casino.wallet.WalletService;
import casino.wallet.WalletSettings;
import com.github.benmanes.caffeine.cache.Ticker;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The six services in this JVM, wired as in production but on the test broker and embedded Postgres
 * with their own topics ({@code <id>.casino.events} and so on), application ids, state directories and
 * free ports: generator -> enricher (with the FX API and the players table) -> materializer and the
 * wallet's casino feed; the wallet's events -> reporting. {@link #close} stops them in reverse order.
 * Gap: one instance each, so peer routing and rebalancing meters are not exercised.
 */
final class RunningSuite implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String id = "ops-" + UUID.randomUUID().toString().substring(0, 8);
    private final EnricherTopics topics = EnricherTopics.prefixed(id);
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Path state;

    private RunningSuite() throws IOException {
        state = Files.createTempDirectory(id);
    }

    /** Starts every service, each returning once it runs; on a failure what started is closed. */
    static RunningSuite start(int generatedEvents) throws IOException {
        TestInfra.dataSource(); // Postgres migrated before TestInfra.config() is read
        RunningSuite suite = new RunningSuite();
        try {
            suite.startAll(generatedEvents);
            return suite;
        } catch (RuntimeException | Error e) {
            suite.close();
            throw e;
        }
    }

    private void startAll(int generatedEvents) {
        FxApiService fx = started(FxApiService.start(new FxApiSettings(0), Clock.systemUTC()));
        ports.put("fx-api", fx.port());
        EnricherService enricher = started(EnricherService.start(config(Map.of(EnricherSettings.FX_API_URL, fx.latestUrl(),
                        EnricherSettings.PORT, "0", CommonSettings.STATE_DIR, dir("enricher"))),
                new EnricherService.Options("enricher-" + id, topics, new EventPrinter(OutputStream.nullOutputStream()), Ticker.systemTicker())));
        ports.put("enricher", enricher.port());
        MaterializerService materializer = started(MaterializerService.start(config(Map.of(
                MaterializerSettings.SOURCE_TOPIC, topics.enriched().name(), MaterializerSettings.APPLICATION_ID, "materializer-" + id,
                MaterializerSettings.PORT, "0", CommonSettings.STATE_DIR, dir("materializer"))), System::currentTimeMillis));
        ports.put("materializer", materializer.port());
        WalletService wallet = started(WalletService.start(config(Map.of(WalletSettings.WALLET_PORT, "0",
                WalletSettings.WALLET_APPLICATION_ID, "wallet-" + id, WalletSettings.WALLET_TOPIC_PREFIX, id + ".",
                WalletSettings.WALLET_CASINO_TOPIC, topics.enriched().name(), WalletSettings.WALLET_DEPOSIT_WAIT, "30s",
                CommonSettings.STATE_DIR, dir("wallet")))));
        ports.put("wallet", wallet.port());
        ReportingService reporting = started(ReportingService.start(config(Map.of(ReportingSettings.REPORTING_PORT, "0",
                ReportingSettings.REPORTING_TOPIC, id + ".wallet.events", ReportingSettings.REPORTING_DLQ_TOPIC, id + ".reporting.dlq",
                ReportingSettings.REPORTING_BATCH_LINGER, "50ms"))));
        ports.put("reporting", reporting.port());
        Config generatorConfig = config(Map.of(GeneratorSettings.PORT, "0"));
        GeneratorService generator = started(GeneratorService.start(GeneratorSettings.from(
                new String[] {"--count", Integer.toString(generatedEvents), "--rate", "50"}, generatorConfig), generatorConfig, topics.events()));
        ports.put("generator", generator.port());
    }

    private Config config(Map<String, String> extra) {
        Map<String, String> values = new LinkedHashMap<>(extra);
        values.put(CommonSettings.TOPIC_PARTITIONS, "2");
        return TestInfra.config(values);
    }

    private String dir(String service) {
        return state.resolve(service).toString();
    }

    private <T extends AutoCloseable> T started(T service) {
        started.add(service);
        return service;
    }

    /** Service name -> its HTTP port. */
    Map<String, Integer> ports() {
        return Collections.unmodifiableMap(ports);
    }

    /** Writes {@code bytes} as they are to the enricher's input and to the enriched topic (the materializer's and the feed's input). */
    void sendRaw(byte[] bytes) {
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", TestInfra.kafka().bootstrapServers(),
                "acks", "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topics.events().name(), bytes));
            raw.send(new ProducerRecord<>(topics.enriched().name(), bytes));
            raw.flush();
        }
    }

    /** POSTs {@code body} to {@code path} of {@code service}; returns the status and body. */
    HttpResponse<String> post(String service, String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(service, path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The samples of {@code service}'s {@code GET /metrics}, read strictly as Prometheus text. */
    List<PrometheusText.Sample> scrape(String service) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri(service, "/metrics")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new AssertionError(service + " /metrics answered " + r.statusCode() + ": " + r.body());
        return PrometheusText.parse(r.body());
    }

    /** Every service's samples, by service. */
    Map<String, List<PrometheusText.Sample>> scrapeAll() throws IOException, InterruptedException {
        Map<String, List<PrometheusText.Sample>> all = new LinkedHashMap<>();
        for (String service : ports.keySet()) all.put(service, scrape(service));
        return all;
    }

    private URI uri(String service, String path) {
        Integer port = ports.get(service);
        if (port == null) throw new IllegalArgumentException("no service " + service + " in " + ports.keySet());
        return URI.create("http://localhost:" + port + path);
    }

    @Override
    public void close() {
        for (AutoCloseable service : started.reversed()) {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println("ops suite: closing " + service + ": " + e);
            }
        }
        started.clear();
    }
}
