package casino.fx;

import casino.common.http.ApiException;
import casino.common.http.HttpServer;
import casino.common.json.Json;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FX API: {@code GET /latest} answers {@code {"base":"EUR","date":"...","rates":{...}}}, the
 * shape of exchangerate.host and frankfurter, with rates from a {@link RateBook} ({@code PUT /rates} sets them). It counts the
 * {@code /latest} requests it served ({@code GET /stats}) and can be told to fail with 503 until
 * told to recover ({@code POST /admin/outage}, {@code DELETE /admin/outage}, or {@link #failing}),
 * so tests and demos can exercise the enricher's outage handling. With API keys set, the rates
 * ({@code /latest}, what the enricher reads, like a public FX API) and {@code /stats} stay open; the
 * outage switch and any route added later need a key. Prometheus {@code /metrics} as on every service.
 */
public final class FxApiService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FxApiService.class);
    /** Rates are written as plain decimals (0.0000110, never 1.1E-5). */
    private static final ObjectMapper RATES_JSON = Json.newMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    /** Read-only routes that need no key. */
    static final String[] OPEN = {"/latest", "/stats"};
    private final Clock clock;
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final RateBook rates;
    private HttpServer server;

    private FxApiService(Clock clock, RateBook rates) {
        this.clock = clock;
        this.rates = rates;
    }

    /** Starts on the settings' port (0 picks a free port) with its own rate book, publishing nowhere. */
    public static FxApiService start(FxApiSettings settings, Clock clock) {
        return start(settings, clock, new RateBook(settings.simulate()), Optional.empty());
    }

    /** Starts with {@code rates} ({@code PUT /rates} sets them) and, when present, publishes them to fx.rates. */
    public static FxApiService start(FxApiSettings settings, Clock clock, RateBook rates, Optional<RatePublisher> publisher) {
        FxApiService api = new FxApiService(clock, rates);
        api.server = HttpServer.builder("fx-api").port(settings.port()).access(settings.access()).open(OPEN)
                .openApi("/casino/fx/openapi.json").info(api::stats).routes(app -> {
            app.get("/latest", ctx -> ctx.contentType("application/json").result(api.latest()));
            app.get("/stats", ctx -> ctx.json(api.stats()));
            app.post("/admin/outage", ctx -> ctx.json(api.failing(true)));
            app.delete("/admin/outage", ctx -> ctx.json(api.failing(false)));
            new RateRoutes(rates, publisher, clock).register(app);
        }).start();
        publisher.ifPresent(p -> p.meters(api.server.metrics().registry()));
        return api;
    }

    String latest() throws JsonProcessingException {
        if (failing.get()) {
            refused.incrementAndGet();
            throw ApiException.unavailable("simulated outage", 1);
        }
        served.incrementAndGet();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("base", "EUR");
        body.put("date", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString());
        body.put("rates", rates.at(clock.instant()));
        return RATES_JSON.writeValueAsString(body);
    }

    /** Switches the simulated outage on or off; answers the new stats. */
    public Map<String, Object> failing(boolean fail) {
        if (failing.getAndSet(fail) != fail) log.info("fx-api simulated outage {}", fail ? "started" : "ended");
        return stats();
    }

    /** Successful {@code /latest} answers so far. */
    public long requestsServed() {
        return served.get();
    }

    public Map<String, Object> stats() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("latest_requests", served.get());
        s.put("latest_refused", refused.get());
        s.put("failing", failing.get());
        return s;
    }

    public int port() {
        return server.port();
    }

    /** Every registered route, as "METHOD path". */
    public List<String> routes() {
        return server.routes();
    }

    public String latestUrl() {
        return "http://localhost:" + port() + "/latest";
    }

    @Override
    public void close() {
        server.close();
    }
}
