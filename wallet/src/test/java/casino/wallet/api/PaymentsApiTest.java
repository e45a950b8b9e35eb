package casino.wallet.api;

import static casino.wallet.api.ResourceApiFixture.assertAmount;
import static casino.wallet.api.ResourceApiFixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.wallet.RunningWallet;
import casino.wallet.WalletClient.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 13 over HTTP against one real wallet on the in-process broker: rates set with seed 003's
 * /update_currencies (EUR 1.25, USD 1, GBP 2.5 in a common unit: 1.25 USD and 0.5 GBP per EUR), GET
 * /rates, wallets with a profile, transactions in another currency, transfers (read-your-writes,
 * replay, every refusal) and the seed adapters.
 */
class PaymentsApiTest {
    @RegisterExtension
    static final RunningWallet server = new RunningWallet("payments");

    @BeforeAll
    static void rates() {
        Response r = server.client().post("/update_currencies", "{\"Rates\": {\"USD\": 1.000000, \"EUR\": 1.25, \"GBP\": \"2.5\"}}");
        assertEquals(200, r.status(), r.toString());
        assertEquals("1.25", r.json().get("payload").get("rates").get("USD").asText());
    }

    static String wallet(String currency, String fund) {
        String id = "p-" + UUID.randomUUID().toString().substring(0, 8);
        Response created = server.client().post("/wallets", "{\"id\": \"" + id + "\", \"currency\": \"" + currency + "\"}");
        assertEquals(201, created.status(), created.toString());
        if (fund != null) {
            assertEquals(201, server.client().post("/wallets/" + id + "/transactions",
                    "{\"amount\": \"" + fund + "\", \"fingerprint\": \"fund\"}").status());
        }
        return id;
    }

    static String balance(String id) {
        return server.client().get("/wallets/" + id + "/balance").body();
    }

    static Response transfer(String from, String to, String amount, String extra) {
        return server.client().post("/transfers", "{\"from\": \"" + from + "\", \"to\": \"" + to + "\", \"amount\": " + amount + extra + "}");
    }

    @Test
    void givenRates_whenGetRates_thenEurBased_andUpdateCurrenciesWithoutEurIs400() {
        JsonNode rates = server.client().get("/rates").json();
        assertEquals("EUR", rates.get("base").asText());
        assertEquals("0.5", rates.get("rates").get("GBP").asText());
        Response noEur = server.client().post("/update_currencies", "{\"Rates\": {\"USD\": 1}}");
        assertEquals(400, noEur.status());
        assertTrue(noEur.json().get("payload").get("error").asText().contains("EUR"), noEur.toString());
    }

    @Test
    void givenARateWrittenToFxRatesByAnotherWriter_thenTheLedgerHoldsIt() throws Exception {
        String topic = server.env().get(casino.wallet.WalletSettings.WALLET_TOPIC_PREFIX) + casino.common.money.FxRate.TOPIC;
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(java.util.Map.<String, Object>of(
                "bootstrap.servers", casino.infra.TestInfra.kafka().bootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(), casino.common.money.FxRate.SERDE.serializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "NZD",
                    new casino.common.money.FxRate("NZD", new java.math.BigDecimal("1.8"), java.time.Instant.now(), "fx-api"))).get();
        }
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        while (!server.client().get("/rates").json().get("rates").has("NZD")) {
            assertTrue(java.time.Instant.now().isBefore(deadline), "the global store took the fx-api's record");
            Thread.sleep(50); // poll interval, bounded by the deadline
        }
        String e = wallet("EUR", null);
        Response r = server.client().post("/wallets/" + e + "/transactions", "{\"amount\": \"9.00\", \"currency\": \"NZD\", \"fingerprint\": \"n1\"}");
        assertAmount("5.00", r.json().get("amount"));
    }

    @Test
    void givenAProfile_whenCreated_thenReadBack_andAWalletNeedsARateForItsCurrency() {
        Response created = server.client().post("/wallets", "{\"currency\": \"GBP\", \"name\": \"Jon Snow\", \"country\": \"UK\", \"city\": \"London\"}");
        assertEquals(201, created.status(), created.toString());
        JsonNode read = server.client().get("/wallets/" + created.json().get("id").asText()).json();
        assertEquals("Jon Snow", read.get("name").asText());
        assertEquals("UK", read.get("country").asText());
        assertEquals("London", read.get("city").asText());
        assertError(server.client().post("/wallets", "{\"currency\": \"CHF\"}"), 422, "currency");
        assertError(server.client().post("/wallets", "{\"currency\": \"chf\"}"), 400, "currency");
    }

    @Test
    void givenAnEurWallet_whenUsdIsReceived_thenConverted_withOriginalAndRate_andNoRateIs422() {
        String e = wallet("EUR", null);
        Response r = server.client().post("/wallets/" + e + "/transactions", "{\"amount\": \"12.50\", \"currency\": \"USD\", \"fingerprint\": \"u1\"}");
        assertEquals(201, r.status(), r.toString());
        assertAmount("10.00", r.json().get("amount"));
        assertAmount("12.50", r.json().get("original").get("amount"));
        assertEquals("USD", r.json().get("original").get("currency").asText());
        assertAmount("0.8", r.json().get("rate"));
        assertError(server.client().post("/wallets/" + e + "/transactions", "{\"amount\": 5, \"currency\": \"CHF\", \"fingerprint\": \"u2\"}"),
                422, "currency");
        assertEquals("10.00", balance(e));
    }

    @Test
    void givenFunds_whenTransferredCrossCurrency_then201Completed_bothLegsReadable_andTheSameBodyReplays() {
        String e = wallet("EUR", "100");
        String u = wallet("USD", null);
        Response r = transfer(e, u, "\"10.00\"", ", \"fingerprint\": \"t-1\", \"description\": \"rent\"");
        assertEquals(201, r.status(), r.toString());
        JsonNode t = r.json();
        assertEquals("completed", t.get("status").asText());
        assertAmount("10.00", t.get("debited").get("amount"));
        assertAmount("12.50", t.get("credited").get("amount"));
        assertEquals("USD", t.get("credited").get("currency").asText());
        assertAmount("1.25", t.get("rate"));
        assertEquals("90.00", balance(e));
        assertEquals("12.50", balance(u));
        assertEquals("completed", server.client().get("/transfers/" + t.get("id").asText()).json().get("status").asText());
        JsonNode inEntry = server.client().get("/wallets/" + u + "/transactions/latest").json();
        assertEquals("transfer_in", inEntry.get("kind").asText());
        assertEquals(e, inEntry.get("counterparty").asText());
        Response again = transfer(e, u, "10", ", \"fingerprint\": \"t-1\", \"description\": \"rent\"");
        assertEquals(200, again.status(), again.toString());
        assertEquals("true", again.header(WalletRoutes.REPLAYED));
        assertEquals(t.get("id"), again.json().get("id"));
        assertError(transfer(e, u, "11", ", \"fingerprint\": \"t-1\""), 409, "fingerprint");
        assertEquals("90.00", balance(e));
    }

    @Test
    void givenEachRefusal_whenTransferred_thenItsStatusAndField_andNoBalanceMoves() {
        String e = wallet("EUR", "10");
        String g = wallet("GBP", null);
        assertError(transfer(e, g, "10.01", ", \"fingerprint\": \"r1\""), 422, "amount");
        assertError(transfer("nobody-" + UUID.randomUUID(), g, "1", ", \"fingerprint\": \"r2\""), 404, "from");
        assertError(transfer(e, "nobody-" + UUID.randomUUID(), "1", ", \"fingerprint\": \"r3\""), 404, "to");
        assertError(transfer(e, e, "1", ", \"fingerprint\": \"r4\""), 400, "to");
        assertError(transfer(e, g, "1", ", \"currency\": \"CHF\", \"fingerprint\": \"r5\""), 422, "currency");
        assertError(transfer(e, g, "1.001", ", \"fingerprint\": \"r6\""), 400, "amount");
        assertError(transfer(e, g, "-1", ", \"fingerprint\": \"r7\""), 400, "amount");
        assertError(transfer(e, g, "1", ", \"fingerprint\": \"transfer:x\""), 400, "fingerprint");
        assertEquals("10.00", balance(e));
        assertEquals("0.00", balance(g));
        assertError(server.client().get("/transfers/" + e + ":" + UUID.randomUUID()), 404, "id");
        assertError(server.client().get("/transfers/not-an-id"), 400, "id");
    }

    @Test
    void givenConcurrentTransfersOutOfOneWallet_thenItIsNeverOverdrawn_andExactlyWhatItHeldIsMoved() throws Exception {
        String source = wallet("EUR", "100");
        List<String> targets = List.of(wallet("EUR", null), wallet("USD", null), wallet("GBP", null));
        List<Integer> statuses = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<Thread> clients = new java.util.ArrayList<>();
        for (int c = 0; c < 8; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                for (int i = 0; i < 5; i++) {
                    statuses.add(transfer(source, targets.get((client + i) % 3), "7", ", \"fingerprint\": \"o-" + client + "-" + i + "\"").status());
                }
            });
            t.start();
            clients.add(t);
        }
        for (Thread t : clients) t.join(120_000);
        assertEquals(40, statuses.size());
        assertEquals(14, statuses.stream().filter(s -> s == 201).count(), "100.00 pays 14 transfers of 7.00: " + statuses);
        assertEquals(26, statuses.stream().filter(s -> s == 422).count(), statuses.toString());
        assertEquals("2.00", balance(source));
    }

    @Test
    void givenTheSeedAdapters_whenAWalletReceivesUsdAndTransfers_thenPayloadsInMillionths() {
        Response created = server.client().post("/wallet", "{\"Name\": \"Jon Snow\", \"Country\": \"UK\", \"City\": \"London\", \"Currency\": \"EUR\"}");
        assertEquals(200, created.status(), created.toString());
        String jon = created.json().get("payload").get("WalletId").asText();
        String other = server.client().post("/wallet", "{\"Currency\": \"GBP\"}").json().get("payload").get("WalletId").asText();
        Response received = server.client().post("/receive_amount", "{\"WalletId\": \"" + jon + "\", \"Amount\": 200000000, \"Currency\": \"USD\"}");
        assertEquals(200, received.status(), received.toString());
        assertAmount("160.00", received.json().get("payload").get("amount"));
        Response moved = server.client().post("/transfer_amount", "{\"OriginWalletId\": \"" + jon + "\", \"TargetWalletId\": \"" + other
                + "\", \"Amount\": 1000000, \"Currency\": \"EUR\"}");
        assertEquals(200, moved.status(), moved.toString());
        assertEquals("completed", moved.json().get("payload").get("status").asText());
        assertEquals("159.00", balance(jon));
        assertEquals("0.50", balance(other));
        Response broke = server.client().post("/transfer_amount", "{\"OriginWalletId\": \"" + jon + "\", \"TargetWalletId\": \"" + other
                + "\", \"Amount\": 1000000000, \"Currency\": \"EUR\"}");
        assertEquals(422, broke.status());
        assertEquals("insufficient funds", broke.json().get("payload").get("error").asText());
        assertNull(broke.json().get("error"));
        assertEquals(400, server.client().post("/receive_amount", "{\"WalletId\": \"" + jon + "\", \"Amount\": 1.5}").status());
    }
}
