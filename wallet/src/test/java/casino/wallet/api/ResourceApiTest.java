package casino.wallet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.infra.OpenApiContract;
import casino.wallet.EventLog;
import casino.wallet.WalletClient.Response;
import casino.wallet.WalletSettings;
import casino.contract.wallet.proto.WalletEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The resource API of issue 6, route by route, against one real wallet on the in-process broker. */
class ResourceApiTest extends ResourceApiFixture {
    @Test
    void givenAnEmptyCreate_then201WithAGeneratedIdEurNoLabelsAndZeroBalance_andTheWalletReadsBack() {
        Response created = server.client().post("/wallets", "{}");
        assertEquals(201, created.status(), created.toString());
        JsonNode w = created.json();
        String id = w.get("id").asText();
        UUID.fromString(id);
        assertEquals("EUR", w.get("currency").asText());
        assertTrue(w.get("externalId").isNull());
        assertEquals(0, w.get("labels").size());
        assertTrue(Duration.between(Instant.parse(w.get("created").asText()), Instant.now()).abs().toMinutes() < 5);
        assertTrue(created.body().endsWith("\"balance\":0.00}"), created.body());
        Response read = server.client().get("/wallets/" + id);
        assertEquals(200, read.status());
        // the read adds what holds reserve and what is available (issue 22, part 2); the rest is the create's answer
        String body = created.body();
        assertEquals(body.substring(0, body.length() - 1) + ",\"held\":0.00,\"available\":0.00}", read.body());
        Response balance = server.client().get("/wallets/" + id + "/balance");
        assertEquals("0.00", balance.body());
    }

    @Test
    void givenACreateWithExternalIdCurrencyAndLabels_thenEchoed_foundByExternalId_andASecondCreateIs409() {
        String id = unique("ext");
        String ext = unique("crm");
        Response created = server.client().post("/wallets", "{\"id\": \"" + id + "\", \"externalId\": \"" + ext
                + "\", \"currency\": \"BTC\", \"labels\": {\"tier\": \"gold\"}}");
        assertEquals(201, created.status(), created.toString());
        assertEquals(ext, created.json().get("externalId").asText());
        assertEquals("gold", created.json().get("labels").get("tier").asText());
        assertTrue(created.body().endsWith("\"balance\":0.00000000}"), "plain, with BTC's 8 decimals: " + created.body());
        Response satoshi = tx(id, "1.00000001", "btc-1");
        assertEquals(201, satoshi.status(), satoshi.toString());
        assertTrue(satoshi.body().contains("\"amount\":1.00000001,"), satoshi.body());
        assertEquals("1.00000001", server.client().get("/wallets/" + id + "/balance").body());
        assertError(tx(id, "1.000000001", "btc-2"), 400, "amount");
        Response found = server.client().get("/wallets?externalId=" + ext);
        assertEquals(200, found.status(), found.toString());
        assertEquals(id, found.json().get("id").asText());

        Response sameExternal = server.client().post("/wallets", "{\"externalId\": \"" + ext + "\"}");
        assertEquals("{\"error\":\"wallet already exists\",\"field\":\"externalId\"}", sameExternal.body());
        assertEquals(409, sameExternal.status());
        Response sameId = server.client().post("/wallets", "{\"id\": \"" + id + "\"}");
        assertError(sameId, 409, "id");
        assertEquals("wallet already exists", sameId.json().get("error").asText());
        Response sameIdNewExternal = server.client().post("/wallets", "{\"id\": \"" + id + "\", \"externalId\": \"" + ext + "-2\"}");
        assertError(sameIdNewExternal, 409, "id");
        assertError(server.client().get("/wallets?externalId=" + ext + "-2"), 404, "externalId");
        Response thirdTakesIt = server.client().post("/wallets", "{\"externalId\": \"" + ext + "-2\"}");
        assertEquals(201, thirdTakesIt.status(), "the claim of the failed create was released: " + thirdTakesIt);
    }

    @Test
    void givenBadCreates_thenJsonErrorsNamingTheField() {
        assertError(server.client().post("/wallets", "{\"id\": \"bad id\"}"), 400, "id");
        assertError(server.client().post("/wallets", "{\"currency\": \"XY\"}"), 400, "currency");
        assertError(server.client().post("/wallets", "{\"currency\": \"XYZ\"}"), 422, "currency"); // well-formed, but no rate
        assertError(server.client().post("/wallets", "{\"labels\": [1]}"), 400, "labels");
        assertError(server.client().post("/wallets", "{\"labels\": {\"k\": 5}}"), 400, "labels");
        assertError(server.client().post("/wallets", "{\"externalId\": \"" + "x".repeat(65) + "\"}"), 400, "externalId");
        assertError(server.client().post("/wallets", "{\"externalId\": 7}"), 400, "externalId");
        assertError(server.client().post("/wallets", "{\"balance\": 7}"), 400, "balance");
        assertError(server.client().post("/wallets", "{\"id\": "), 400, null);
        assertError(server.client().post("/wallets", ""), 400, null);
        assertError(server.client().get("/wallets/unknown-" + UUID.randomUUID()), 404, "id");
        assertError(server.client().get("/wallets/bad%20id"), 400, "id");
        assertError(server.client().get("/wallets/unknown-" + UUID.randomUUID() + "/balance"), 404, "id");
        assertError(server.client().get("/wallets"), 400, "externalId");
        assertError(server.client().get("/wallets?externalId=nobody-" + UUID.randomUUID()), 404, "externalId");
    }

    @Test
    void givenAWallet_whenCreditAndDebit_then201WithRefnoChainingAndTheBareBalance() {
        String id = wallet("tx", "0");
        Response credit = server.client().post("/wallets/" + id + "/transactions",
                "{\"amount\": 40.00, \"fingerprint\": \"job-1\", \"description\": \"top up\", \"labels\": {\"src\": \"test\"}}");
        assertEquals(201, credit.status(), credit.toString());
        JsonNode c = credit.json();
        UUID.fromString(c.get("id").asText());
        assertEquals(1, c.get("refno").asLong());
        assertAmount("40.00", c.get("amount"));
        assertTrue(credit.body().contains("\"amount\":40.00,"), "written with the currency's 2 decimals: " + credit.body());
        assertEquals("job-1", c.get("fingerprint").asText());
        assertEquals("top up", c.get("description").asText());
        assertEquals("test", c.get("labels").get("src").asText());
        assertAmount("0.00", c.get("oldbalance"));
        assertAmount("40.00", c.get("newbalance"));
        assertNotNull(Instant.parse(c.get("created").asText()));
        Response debit = tx(id, "-5.00", "job-0018254");
        assertEquals(201, debit.status());
        assertEquals(2, debit.json().get("refno").asLong());
        assertAmount("-5.00", debit.json().get("amount"));
        assertAmount("40.00", debit.json().get("oldbalance"));
        assertEquals("35.00", server.client().get("/wallets/" + id + "/balance").body());
        Response latest = server.client().get("/wallets/" + id + "/transactions/latest");
        assertEquals(debit.body(), latest.body());
    }

    @Test
    void givenAFingerprint_whenRepeated_thenTheOriginalWith200AndReplayedHeader_aDifferentBodyIs409_andInsufficientFundsIs422AndRetryable() {
        String id = wallet("idem", "10");
        Response first = tx(id, "-4.00", "pay-1");
        Response again = tx(id, "-4", "pay-1");
        assertEquals(200, again.status(), again.toString());
        assertEquals("true", again.header(WalletRoutes.REPLAYED));
        assertNull(first.header(WalletRoutes.REPLAYED));
        assertEquals(first.body(), again.body());
        assertError(tx(id, "-3.00", "pay-1"), 409, "fingerprint");
        Response broke = tx(id, "-100.00", "pay-2");
        assertError(broke, 422, "amount");
        assertEquals("insufficient funds", broke.json().get("error").asText());
        assertEquals("6.00", server.client().get("/wallets/" + id + "/balance").body(), "nothing changed");
        assertEquals(201, tx(id, "100.00", "top-up").status());
        Response retried = tx(id, "-100.00", "pay-2");
        assertEquals(201, retried.status(), "a rejected request did not consume its fingerprint: " + retried);
        assertEquals("6.00", server.client().get("/wallets/" + id + "/balance").body());
    }

    @Test
    void givenBadTransactions_thenJsonErrorsNamingTheField() {
        String id = wallet("badtx", "10");
        assertError(tx(id, "0.99", "f"), 400, "amount");
        assertError(tx(id, "-0.5", "f"), 400, "amount");
        assertError(tx(id, "1.001", "f"), 400, "amount");
        assertError(tx(id, "\"5 EUR\"", "f"), 400, "amount"); // a decimal string is an amount ("5"), other text is not
        assertError(tx(id, "true", "f"), 400, "amount");
        assertError(tx(id, "10000000000000", "f"), 400, "amount");
        assertError(server.client().post("/wallets/" + id + "/transactions", "{\"amount\": 5}"), 400, "fingerprint");
        assertError(tx(id, "5", "x".repeat(65)), 400, "fingerprint");
        assertError(tx(id, "5", "void:abc"), 400, "fingerprint");
        assertError(server.client().post("/wallets/" + id + "/transactions",
                "{\"amount\": 5, \"fingerprint\": \"f\", \"description\": \"" + "d".repeat(101) + "\"}"), 400, "description");
        assertError(server.client().post("/wallets/" + id + "/transactions", "{\"amount\": 5, \"fingerprint\": \"f\", \"when\": 1}"), 400, "when");
        assertError(tx("unknown-" + UUID.randomUUID(), "5", "f"), 404, "id");
        assertError(tx("bad%20id", "5", "f"), 400, "id");
        assertEquals("10.00", server.client().get("/wallets/" + id + "/balance").body(), "no bad request changed anything");
    }

    @Test
    void givenTransactions_whenListing_thenNewestFirst_pagedByOffsetAndLimit_boundedByTime_andFoundByFingerprint() {
        String id = wallet("hist", "0");
        assertError(server.client().get("/wallets/" + id + "/transactions/latest"), 404, "id");
        assertEquals("[]", server.client().get("/wallets/" + id + "/transactions").body());
        Instant before = Instant.now().minusSeconds(1);
        for (int i = 1; i <= 12; i++) assertEquals(201, tx(id, i + ".00", "h-" + i).status());
        Instant after = Instant.now().plusSeconds(1);
        List<Long> all = refnos(server.client().get("/wallets/" + id + "/transactions"));
        assertEquals(List.of(12L, 11L, 10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L), all);
        assertEquals(List.of(9L, 8L, 7L), refnos(server.client().get("/wallets/" + id + "/transactions?offset=3&limit=3")));
        assertEquals(List.of(), refnos(server.client().get("/wallets/" + id + "/transactions?offset=12")));
        String q = "?from=" + enc(before) + "&to=" + enc(after);
        assertEquals(all, refnos(server.client().get("/wallets/" + id + "/transactions" + q)));
        assertEquals(List.of(), refnos(server.client().get("/wallets/" + id + "/transactions?to=" + enc(before))), "all after to");
        assertEquals(List.of(), refnos(server.client().get("/wallets/" + id + "/transactions?from=" + enc(after))), "all before from");
        assertEquals(List.of(), refnos(server.client().get("/wallets/" + id + "/transactions?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z")));
        Response byFingerprint = server.client().get("/wallets/" + id + "/transactions?fingerprint=h-5");
        assertEquals(List.of(5L), refnos(byFingerprint));
        assertEquals("[]", server.client().get("/wallets/" + id + "/transactions?fingerprint=none").body());
        assertEquals(12, server.client().get("/wallets/" + id + "/transactions/latest").json().get("refno").asLong());

        assertError(server.client().get("/wallets/" + id + "/transactions?limit=1001"), 400, "limit");
        assertError(server.client().get("/wallets/" + id + "/transactions?limit=0"), 400, "limit");
        assertError(server.client().get("/wallets/" + id + "/transactions?offset=-1"), 400, "offset");
        assertError(server.client().get("/wallets/" + id + "/transactions?from=yesterday"), 400, "from");
        assertError(server.client().get("/wallets/" + id + "/transactions?to=2026-13-01T00:00:00Z"), 400, "to");
        assertError(server.client().get("/wallets/" + id + "/transactions?from=" + enc(after) + "&to=" + enc(before)), 400, "from");
        assertError(server.client().get("/wallets/unknown-" + UUID.randomUUID() + "/transactions"), 404, "id");
        assertError(server.client().get("/wallets/unknown-" + UUID.randomUUID() + "/transactions/latest"), 404, "id");
    }

    @Test
    void givenATransaction_whenVoided_then201CompensatingEntry_againIsReplayed_aVoidOfAVoidIs422_andOverdrawIs422() {
        String id = wallet("void", "0");
        String credit = tx(id, "50.00", "c-1").json().get("id").asText();
        String debit = tx(id, "-20.00", "d-1").json().get("id").asText();
        Response voided = server.client().post("/wallets/" + id + "/transactions/" + debit + "/void", "");
        assertEquals(201, voided.status(), voided.toString());
        assertAmount("20.00", voided.json().get("amount"));
        assertEquals(3, voided.json().get("refno").asLong());
        assertEquals(debit, voided.json().get("voids").asText());
        assertEquals("void", voided.json().get("kind").asText());
        Response again = server.client().post("/wallets/" + id + "/transactions/" + debit + "/void", "{}");
        assertEquals(200, again.status());
        assertEquals("true", again.header(WalletRoutes.REPLAYED));
        assertEquals(voided.body(), again.body());
        String voidId = voided.json().get("id").asText();
        assertError(server.client().post("/wallets/" + id + "/transactions/" + voidId + "/void", ""), 422, "txid");
        assertEquals(201, tx(id, "-45.00", "d-2").status());
        Response overdraw = server.client().post("/wallets/" + id + "/transactions/" + credit + "/void", "");
        assertError(overdraw, 422, "amount");
        assertEquals("5.00", server.client().get("/wallets/" + id + "/balance").body());
        assertError(server.client().post("/wallets/" + id + "/transactions/not-a-uuid/void", ""), 400, "txid");
        assertError(server.client().post("/wallets/" + id + "/transactions/" + UUID.randomUUID() + "/void", ""), 404, "txid");
        assertError(server.client().post("/wallets/" + id + "/transactions/" + debit + "/void", "{\"why\": 1}"), 400, "why");
        assertError(server.client().post("/wallets/unknown-" + UUID.randomUUID() + "/transactions/" + debit + "/void", ""), 404, "id");
        List<JsonNode> history = list(server.client().get("/wallets/" + id + "/transactions"));
        assertAmount("-20.00", history.get(2).get("amount"));
    }

    @Test
    void givenAppliedChanges_thenWalletCreatedTransactionCreatedBalanceChangedAndTransactionVoidedArePublished() {
        String id = wallet("events", "12");
        String txid = tx(id, "-2.00", "e-1").json().get("id").asText();
        assertEquals(201, server.client().post("/wallets/" + id + "/transactions/" + txid + "/void", "").status());
        String topic = server.env().get(WalletSettings.WALLET_TOPIC_PREFIX) + "wallet.events";
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        List<String> types;
        do {
            types = EventLog.readEverything(topic, Duration.ofSeconds(30)).stream()
                    .filter(e -> e.getWalletId().equals(id) && e.getExternalCase() != WalletEvent.ExternalCase.EXTERNAL_NOT_SET)
                    .map(e -> e.getExternalCase().name()).toList();
            assertTrue(Instant.now().isBefore(deadline), "external events within 60 s: " + types);
        } while (types.size() < 8);
        assertEquals(List.of("WALLET_CREATED", "TRANSACTION_CREATED", "BALANCE_CHANGED", "TRANSACTION_CREATED", "BALANCE_CHANGED",
                "TRANSACTION_CREATED", "TRANSACTION_VOIDED", "BALANCE_CHANGED"), types);
    }

    @Test
    void givenTheClassicHealthContract_thenGetHealthIs200Ok_andReadyStaysJson() {
        Response health = server.client().get("/health");
        assertEquals(200, health.status());
        assertEquals("OK", health.body());
        assertEquals(200, server.client().get("/ready").status());
        assertTrue(server.client().get("/ready").json().get("ready").asBoolean());
    }

    @Test
    void givenTheOpenApiDocument_thenItDescribesExactlyTheRoutesJavalinRegistered() {
        JsonNode api = OpenApiContract.assertDescribesExactly(server.service().port(), server.service().registeredRoutes());
        assertTrue(api.get("paths").size() >= 20, api.get("paths").toString());
        assertEquals("[]", api.at("/paths/~1health/get/security").toString(), "probes are open");
        assertTrue(api.at("/paths/~1deposit/post/security").isMissingNode(), "a write needs a key");
    }

    @Test
    void givenAMoneyAmount_thenItIsNeverAFloatOnTheWire() {
        String id = wallet("exact", "0");
        Response r = tx(id, "1234567890.12", "big");
        assertEquals(201, r.status(), r.toString());
        assertTrue(r.body().contains("\"amount\":1234567890.12,"), r.body());
        assertNotEquals("1.23456789012E9", r.json().get("amount").toString());
        assertEquals(new BigDecimal("1234567890.12"), new BigDecimal(server.client().get("/wallets/" + id + "/balance").body()));
    }
}
