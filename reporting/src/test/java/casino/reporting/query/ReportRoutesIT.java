package casino.reporting.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.json.Json;
import casino.infra.OpenApiContract;
import casino.reporting.EventProducer;
import casino.reporting.Fixture;
import casino.reporting.ReportingClient;
import casino.reporting.ReportingService;
import casino.reporting.WalletEvents;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The report and search routes over a mirrored ledger: wallet A has one entry 40 days old and 30
 * entries one hour apart starting 10 days ago; B and C have labels of their own.
 */
class ReportRoutesIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String A = "a-" + RUN;
    private static final String B = "b-" + RUN;
    private static final String C = "c-" + RUN;
    private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(10));
    private static ReportingService service;
    private static ReportingClient client;

    @BeforeAll
    static void mirrorALedger() {
        String topic = Fixture.newTopic();
        WalletEvents events = new WalletEvents();
        List<WalletEvents.Event> in = new ArrayList<>(events.create(A, "EUR", Map.of("tier", "silver-" + RUN), 1_000));
        in.addAll(events.create(B, "EUR", Map.of("tier", "gold-" + RUN, "country", "NZ"), 2_000));
        in.addAll(events.create(C, "EUR", Map.of("tier", "gold-" + RUN, "country", "UK"), 3_000));
        in.addAll(events.entry(A, "deposit", 100_000, Map.of(), BASE.minus(Duration.ofDays(30)).toEpochMilli()));
        for (int refno = 2; refno <= 31; refno++) {
            Map<String, String> labels = new HashMap<>();
            if (refno % 3 == 0) labels.put("game", "roulette-" + RUN);
            if (refno % 5 == 0) labels.put("promo", "spring-" + RUN);
            long minor = refno % 2 == 0 ? -(refno * 101L) : refno * 37L;
            in.addAll(events.entry(A, refno % 2 == 0 ? "casino_bet" : "casino_win", minor, labels, at(refno).toEpochMilli()));
        }
        in.addAll(events.entry(B, "deposit", 500, Map.of("game", "roulette-" + RUN), BASE.toEpochMilli()));
        service = Fixture.start(topic);
        try (EventProducer producer = new EventProducer(topic)) {
            producer.send(in);
        }
        Fixture.awaitEntries(List.of(A, B, C), 32, Duration.ofSeconds(60));
        client = new ReportingClient(service.port());
    }

    @AfterAll
    static void stop() {
        if (service != null) service.close();
    }

    /** The time of A's entry refno (2..31). */
    private static Instant at(int refno) {
        return BASE.plus(Duration.ofHours(refno));
    }

    private static String t(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }

    private static ReportingClient.Response ok(String path) {
        ReportingClient.Response r = client.get(path);
        assertEquals(200, r.status(), path + " -> " + r);
        assertNotNull(r.header("X-Data-As-Of"), "X-Data-As-Of on " + path);
        return r;
    }

    private static List<Long> refnos(JsonNode operations) {
        List<Long> refnos = new ArrayList<>();
        operations.forEach(op -> refnos.add(op.get("refno").asLong()));
        return refnos;
    }

    @Test
    void givenTheRunningService_thenOpenApiJsonDescribesExactlyTheRegisteredRoutes() {
        JsonNode doc = OpenApiContract.assertDescribesExactly(service.port(), service.routes());
        assertEquals("#/components/headers/DataAsOf",
                doc.at("/paths/~1operations~1{walletId}/get/responses/200/headers/X-Data-As-Of/$ref").asText());
    }

    @Test
    void theDefaultWindowIsTheLastMonthNewestFirst() {
        // When A's operations are asked without bounds
        JsonNode body = ok("/operations/" + A).json();
        // Then the 40-day-old entry is outside, the rest come newest first with every field
        assertEquals(A, body.get("wallet").asText());
        assertEquals(30, body.get("total").asLong());
        assertEquals(31, body.get("operations").get(0).get("refno").asLong());
        assertEquals(2, body.get("operations").get(29).get("refno").asLong());
        JsonNode op = body.get("operations").get(0); // refno 31: a win of 31 x 0.37
        assertEquals(List.of("id", "refno", "created", "kind", "amount", "currency", "oldbalance", "newbalance", "fingerprint",
                "description", "labels"), fieldNames(op));
        assertEquals("casino_win", op.get("kind").asText());
        assertEquals(new BigDecimal("11.47"), op.get("amount").decimalValue());
        assertEquals(Json.formatInstant(at(31)), op.get("created").asText());
        assertEquals(op.get("newbalance").decimalValue(), op.get("oldbalance").decimalValue().add(op.get("amount").decimalValue()));
    }

    @Test
    void pagingKeepsTheTotalAndTimeBoundsAreInclusive() {
        JsonNode page = ok("/operations/" + A + "?offset=10&limit=5").json();
        assertEquals(List.of(21L, 20L, 19L, 18L, 17L), refnos(page.get("operations")));
        assertEquals(30, page.get("total").asLong());

        JsonNode window = ok("/operations/" + A + "?from=" + t(at(5)) + "&to=" + t(at(10))).json();
        assertEquals(List.of(10L, 9L, 8L, 7L, 6L, 5L), refnos(window.get("operations")));
        assertEquals(6, window.get("total").asLong());

        // the short offset forms of upstream systems, "+00:00" unencoded (arrives as a space) and "+00"
        String plus = at(5).toString().replace("Z", "+00:00");
        String shortForm = at(10).toString().replace("Z", "+00");
        assertEquals(6, ok("/operations/" + A + "?from=" + plus + "&to=" + t(Instant.parse(at(10).toString()))).json()
                .get("total").asLong());
        assertEquals(9, ok("/operations/" + A + "?to=" + URLEncoder.encode(shortForm, StandardCharsets.UTF_8)
                + "&from=" + t(at(1))).json().get("total").asLong());

        JsonNode all = ok("/operations/" + A + "?from=" + t(BASE.minus(Duration.ofDays(60))) + "&limit=10000").json();
        assertEquals(31, all.get("total").asLong());
        assertEquals(31, all.get("operations").size());
    }

    @Test
    void theCsvParsedBackEqualsTheJsonReport() throws Exception {
        String range = "?from=" + t(BASE.minus(Duration.ofDays(60))) + "&to=" + t(at(40));
        JsonNode json = ok("/operations/" + A + range).json().get("operations");
        ReportingClient.Response csv = ok("/operations/file/" + A + range);

        assertTrue(csv.header("Content-Type").startsWith("text/csv"), csv.header("Content-Type"));
        String from = BASE.minus(Duration.ofDays(60)).toString().replace("-", "").replace(":", "");
        String to = at(40).toString().replace("-", "").replace(":", "");
        assertEquals("attachment; filename=\"operations-" + A + "-" + from + "-" + to + ".csv\"", csv.header("Content-Disposition"));
        List<List<String>> rows = CsvReader.parse(csv.body());
        assertEquals(ReportQuery.OPERATION_FIELDS, rows.get(0));
        assertEquals(json.size() + 1, rows.size());
        for (int i = 0; i < json.size(); i++) {
            JsonNode op = json.get(i);
            List<String> row = rows.get(i + 1);
            for (int f = 0; f < ReportQuery.OPERATION_FIELDS.size(); f++) {
                String field = ReportQuery.OPERATION_FIELDS.get(f);
                JsonNode expected = op.get(field);
                if (field.equals("labels")) assertEquals(expected, Json.MAPPER.readTree(row.get(f)), field + " of row " + i);
                else if (expected.isNumber()) assertEquals(expected.decimalValue(), new BigDecimal(row.get(f)), field + " of row " + i);
                else assertEquals(expected.asText(), row.get(f), field + " of row " + i);
            }
        }
    }

    @Test
    void totalsAreTheSumsOfTheEntries() {
        String range = "?from=" + t(at(2)) + "&to=" + t(at(31));
        JsonNode ops = ok("/operations/" + A + range).json().get("operations");
        BigDecimal in = BigDecimal.ZERO;
        BigDecimal out = BigDecimal.ZERO;
        for (JsonNode op : ops) {
            BigDecimal amount = op.get("amount").decimalValue();
            if (amount.signum() > 0) in = in.add(amount);
            else out = out.subtract(amount);
        }
        JsonNode totals = ok("/operations/total/" + A + range).json();
        assertEquals(A, totals.get("wallet").asText());
        assertEquals("EUR", totals.get("currency").asText());
        assertEquals(in, totals.get("in").decimalValue());
        assertEquals(out, totals.get("out").decimalValue());
        assertEquals(30, totals.get("count").asLong());
        // the entries' own arithmetic: wins of 0.37 x refno (odd 3..31), bets of 1.01 x refno (even 2..30)
        assertEquals(new BigDecimal("94.35"), in);
        assertEquals(new BigDecimal("242.40"), out);
    }

    @Test
    void labelSearchMatchesOneLabelAndAllOfTwo() {
        assertEquals(List.of(C, B), ids(ok("/search/wallets?label=tier:gold-" + RUN).json().get("wallets")));
        assertEquals(List.of(B), ids(ok("/search/wallets?label=tier:gold-" + RUN + "&label=country:NZ").json().get("wallets")));
        assertEquals(List.of(), ids(ok("/search/wallets?label=tier:silver-" + RUN + "&label=country:NZ").json().get("wallets")));

        JsonNode roulette = ok("/search/transactions?label=game:roulette-" + RUN).json();
        assertEquals(11, roulette.get("total").asLong()); // A: refno 3, 6, ... 30 (10), B: 1
        JsonNode both = ok("/search/transactions?label=game:roulette-" + RUN + "&label=promo:spring-" + RUN).json();
        assertEquals(List.of(30L, 15L), refnos(both.get("transactions")));
        assertEquals(A, both.get("transactions").get(0).get("wallet").asText());
        JsonNode ofB = ok("/search/transactions?label=game:roulette-" + RUN + "&wallet=" + B).json();
        assertEquals(1, ofB.get("total").asLong());
        assertEquals(B, ofB.get("transactions").get(0).get("wallet").asText());
        JsonNode paged = ok("/search/transactions?label=game:roulette-" + RUN + "&wallet=" + A + "&offset=2&limit=3").json();
        assertEquals(List.of(24L, 21L, 18L), refnos(paged.get("transactions")));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "/operations/A?from=yesterday|400|from",
        "/operations/A?to=2022-13-01T00:00:00Z|400|to",
        "/operations/A?from=2022-02-02T00:00:00Z&to=2022-02-01T00:00:00Z|400|from",
        "/operations/A?limit=0|400|limit",
        "/operations/A?limit=10001|400|limit",
        "/operations/A?limit=ten|400|limit",
        "/operations/A?offset=-1|400|offset",
        "/operations/A?offset=1.5|400|offset",
        "/operations/A?limit=1&limit=2|400|limit",
        "/operations/file/A?from=x|400|from",
        "/operations/file/A?from=2022-02-02T00:00:00Z&to=2022-02-01T00:00:00Z|400|from",
        "/operations/total/A?to=now|400|to",
        "/operations/A?to=+999999999-12-31T23:59:59Z|400|to",
        "/operations/A?from=%2B999999999-12-31T23:59:59Z|400|from",
        "/operations/A?from=-999999999-01-01T00:00:00Z|400|from",
        "/operations/A?to=10000-01-01T00:00:00Z|400|to",
        "/operations/A?to=%2B10000-01-01T00:00:00Z|400|to",
        "/operations/file/A?to=+999999999-12-31T23:59:59Z|400|to",
        "/operations/file/A?from=0000-12-31T23:59:59Z|400|from",
        "/operations/file/A?from=99999999999999999999|400|from",
        "/operations/total/A?to=+999999999-12-31T23:59:59Z|400|to",
        "/operations/total/A?from=-0001-01-01T00:00:00Z|400|from",
        "/search/wallets|400|label",
        "/search/wallets?label=tier|400|label",
        "/search/wallets?label=:gold|400|label",
        "/search/wallets?label=tier:gold&limit=0|400|limit",
        "/search/transactions|400|label",
        "/search/transactions?label=a:b&wallet=|400|wallet",
        "/search/transactions?label=a:b&offset=x|400|offset",
        "/operations/nobody|404|walletId",
        "/operations/file/nobody|404|walletId",
        "/operations/total/nobody|404|walletId",
    })
    void everyBadRequestNamesItsField(String path, int status, String field) {
        ReportingClient.Response r = client.get(path.replace("/A", "/" + A));
        assertEquals(status, r.status(), r.toString());
        assertEquals(field, r.json().get("field").asText(), r.toString());
        assertTrue(r.json().get("error").asText().length() > 3, r.toString());
        assertNotNull(r.header("X-Data-As-Of"));
        // a CSV download that cannot be answered is a JSON error, never a CSV file
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
        assertNull(r.header("Content-Disposition"), r.toString());
    }

    @Test
    void theEdgesOfTheAcceptedTimeRangeAreAnswered() {
        // Given the first and the last instant reporting accepts (years 0001 to 9999), When asked for, Then 200
        String all = "?from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59.999999Z";
        assertEquals(31, ok("/operations/" + A + all).json().get("total").asLong());
        assertEquals(31, ok("/operations/total/" + A + all).json().get("count").asLong());
        assertEquals(32, ok("/operations/file/" + A + all).body().split("\r\n").length); // the header and 31 rows
    }

    @Test
    void everyAnswerCarriesTheTimeOfTheNewestEventAndReadyTheLag() {
        Instant asOf = Json.parseInstant(ok("/health").header("X-Data-As-Of"));
        assertTrue(asOf.isAfter(Instant.now().minus(Duration.ofMinutes(10))), "as of " + asOf);
        Fixture.await(Duration.ofSeconds(30), () -> client.get("/ready").toString(), () -> {
            ReportingClient.Response ready = client.get("/ready");
            JsonNode lag = ready.json().get("lag");
            return ready.status() == 200 && lag.size() == 3 && lag.get("0").asLong() == 0 && lag.get("2").asLong() == 0;
        });
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> ids(JsonNode wallets) {
        List<String> ids = new ArrayList<>();
        wallets.forEach(w -> ids.add(w.get("id").asText()));
        return ids;
    }
}
