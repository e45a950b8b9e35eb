package casino.wallet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.wallet.WalletClient.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two-phase holds over HTTP on a real wallet (in-process broker): the contract of issue 22, part 2. */
class HoldsApiTest extends ResourceApiFixture {
    static Response place(String wallet, String body) {
        return server.client().post("/wallets/" + wallet + "/holds", body);
    }

    static Response capture(String wallet, String hold, String body) {
        return server.client().post("/wallets/" + wallet + "/holds/" + hold + "/capture", body);
    }

    static Response voidHold(String wallet, String hold, String fingerprint) {
        return server.client().post("/wallets/" + wallet + "/holds/" + hold + "/void", "{\"fingerprint\": \"" + fingerprint + "\"}");
    }

    @Test
    void givenAFundedWallet_whenAHoldIsPlaced_then201WithTheHoldAndTheFigures_andAReplayIs200_andAnotherBody409() {
        String id = wallet("hold", "100");
        String body = "{\"amount\": \"60.00\", \"fingerprint\": \"h-1\", \"labels\": {\"game\": \"poker\"}}";
        Response placed = place(id, body);
        assertEquals(201, placed.status(), placed.toString());
        JsonNode h = placed.json();
        assertEquals(id, h.get("wallet").asText());
        assertEquals("60.00", h.get("amount").asText());
        assertEquals("0.00", h.get("captured").asText());
        assertEquals("60.00", h.get("remaining").asText());
        assertEquals("held", h.get("status").asText());
        Duration expiresIn = Duration.between(Instant.parse(h.get("created").asText()), Instant.parse(h.get("expires_at").asText()));
        assertEquals(Duration.ofSeconds(900), expiresIn, "default expires_in");
        assertEquals("100.00", h.get("balance").get("posted").asText());
        assertEquals("60.00", h.get("balance").get("held").asText());
        assertEquals("40.00", h.get("balance").get("available").asText());
        Response replay = place(id, body);
        assertEquals(200, replay.status(), replay.toString());
        assertEquals("true", replay.header(WalletRoutes.REPLAYED));
        assertEquals(h.get("id"), replay.json().get("id"));
        assertError(place(id, "{\"amount\": \"61.00\", \"fingerprint\": \"h-1\"}"), 409, "fingerprint");
        JsonNode wallet = server.client().get("/wallets/" + id).json();
        assertAmount("100.00", wallet.get("balance"));
        assertAmount("60.00", wallet.get("held"));
        assertAmount("40.00", wallet.get("available"));
        assertEquals("100.00", server.client().get("/wallets/" + id + "/balance").body(), "/balance stays the posted balance");
        assertEquals(h, server.client().get("/wallets/" + id + "/holds/" + h.get("id").asText()).json());
    }

    @Test
    void givenAHold_thenDebitsAndHoldsAboveAvailableAre422WithAvailable_andBadAmounts400() {
        String id = wallet("hold-funds", "100");
        assertEquals(201, place(id, "{\"amount\": 70, \"fingerprint\": \"h-1\"}").status());
        Response over = place(id, "{\"amount\": \"30.01\", \"fingerprint\": \"h-2\"}");
        assertError(over, 422, "amount");
        assertEquals("insufficient funds", over.json().get("error").asText());
        assertEquals("30.00", over.json().get("available").asText());
        assertError(tx(id, "-30.01", "spend"), 422, "amount");
        assertEquals(201, tx(id, "-30.00", "spend-all").status());
        assertError(place(id, "{\"amount\": 0, \"fingerprint\": \"h-3\"}"), 400, "amount");
        assertError(place(id, "{\"amount\": -1, \"fingerprint\": \"h-3\"}"), 400, "amount");
        assertError(place(id, "{\"amount\": \"1.001\", \"fingerprint\": \"h-3\"}"), 400, "amount");
        assertError(place(id, "{\"amount\": 1, \"fingerprint\": \"h-3\", \"expires_in\": 0}"), 400, "expires_in");
        assertError(place(id, "{\"amount\": 1, \"fingerprint\": \"h-3\", \"expires_in\": 2592001}"), 400, "expires_in");
        assertError(place(id, "{\"amount\": 1}"), 400, "fingerprint");
        assertError(place("nobody-" + id, "{\"amount\": 1, \"fingerprint\": \"h-3\"}"), 404, "id");
    }

    @Test
    void givenAHold_whenCapturedInParts_thenEachIsACaptureEntry_andAboveRemaining422_andAfterTheFinalOneClosed() {
        String id = wallet("hold-capture", "100");
        String hold = place(id, "{\"amount\": \"60.00\", \"fingerprint\": \"h\"}").json().get("id").asText();
        String partBody = "{\"amount\": \"10.00\", \"final\": false, \"fingerprint\": \"c-1\"}";
        Response part = capture(id, hold, partBody);
        assertEquals(201, part.status(), part.toString());
        JsonNode entry = part.json().get("entry");
        assertEquals("capture", entry.get("kind").asText());
        assertAmount("-10.00", entry.get("amount"));
        assertAmount("100.00", entry.get("oldbalance"));
        assertAmount("90.00", entry.get("newbalance"));
        assertEquals(2, entry.get("refno").asLong());
        assertEquals("held", part.json().get("hold").get("status").asText());
        assertEquals("50.00", part.json().get("hold").get("remaining").asText());
        assertEquals("10.00", part.json().get("hold").get("captured").asText());
        assertEquals(200, capture(id, hold, partBody).status(), "a replay");
        Response exceeds = capture(id, hold, "{\"amount\": \"50.01\", \"fingerprint\": \"c-2\"}");
        assertError(exceeds, 422, "amount");
        assertEquals("exceeds hold", exceeds.json().get("error").asText());
        Response last = capture(id, hold, "{\"amount\": \"20.00\", \"fingerprint\": \"c-3\"}");
        assertEquals(201, last.status(), last.toString());
        assertEquals("captured", last.json().get("hold").get("status").asText());
        assertEquals("70.00", last.json().get("hold").get("balance").get("posted").asText());
        assertEquals("0.00", last.json().get("hold").get("balance").get("held").asText());
        Response closed = capture(id, hold, "{\"fingerprint\": \"c-4\"}");
        assertError(closed, 422, "hold");
        assertEquals("hold closed", closed.json().get("error").asText());
        assertError(voidHold(id, hold, "v"), 422, "hold");
        assertError(capture(id, java.util.UUID.randomUUID().toString(), "{\"fingerprint\": \"c-5\"}"), 404, "hold");
        assertError(server.client().get("/wallets/" + id + "/holds/" + java.util.UUID.randomUUID()), 404, "hold");
    }

    @Test
    void givenAHold_whenVoided_then201_andAnotherVoid422Voided_andAReplay200_andCapture422Voided() {
        String id = wallet("hold-void", "100");
        String hold = place(id, "{\"amount\": \"60.00\", \"fingerprint\": \"h\"}").json().get("id").asText();
        Response voided = voidHold(id, hold, "v-1");
        assertEquals(201, voided.status(), voided.toString());
        assertEquals("voided", voided.json().get("status").asText());
        assertEquals("100.00", voided.json().get("balance").get("available").asText());
        Response again = voidHold(id, hold, "v-2");
        assertError(again, 422, "hold");
        assertEquals("hold voided", again.json().get("error").asText());
        Response replay = voidHold(id, hold, "v-1");
        assertEquals(200, replay.status());
        assertEquals("true", replay.header(WalletRoutes.REPLAYED));
        assertEquals("hold voided", capture(id, hold, "{\"fingerprint\": \"c\"}").json().get("error").asText());
    }

    @Test
    void givenAHoldOnAnIdleLedger_thenItExpiresWithin2sOfExpiresAt_andACaptureAfterIs422Expired() {
        String id = wallet("hold-expiry", "100");
        JsonNode placed = place(id, "{\"amount\": \"60.00\", \"fingerprint\": \"h\", \"expires_in\": 1}").json();
        String hold = placed.get("id").asText();
        Instant deadline = Instant.parse(placed.get("expires_at").asText()).plusSeconds(2);
        JsonNode now;
        do {
            now = server.client().get("/wallets/" + id + "/holds/" + hold).json();
            // the hold and the wallet are two stores, read while the ledger writes them: poll until both show the expiry
            if (now.get("status").asText().equals("expired") && now.get("balance").get("available").asText().equals("100.00")) break;
        } while (Instant.now().isBefore(deadline));
        assertEquals("expired", now.get("status").asText(), "expired within 2 s of expires_at: " + now);
        assertEquals("100.00", now.get("balance").get("available").asText());
        Response late = capture(id, hold, "{\"fingerprint\": \"c\"}");
        assertError(late, 422, "hold");
        assertEquals("hold expired", late.json().get("error").asText());
        assertEquals("hold expired", voidHold(id, hold, "v").json().get("error").asText());
    }

    @Test
    void givenSeveralHolds_thenTheListIsNewestFirst_filteredByStatus_andPaged() {
        String id = wallet("hold-list", "100");
        String first = place(id, "{\"amount\": 10, \"fingerprint\": \"h-1\"}").json().get("id").asText();
        String second = place(id, "{\"amount\": 10, \"fingerprint\": \"h-2\"}").json().get("id").asText();
        String third = place(id, "{\"amount\": 10, \"fingerprint\": \"h-3\"}").json().get("id").asText();
        assertEquals(201, voidHold(id, second, "v").status());
        assertEquals(List.of(third, second, first), ids(server.client().get("/wallets/" + id + "/holds")));
        assertEquals(List.of(third, first), ids(server.client().get("/wallets/" + id + "/holds?status=held")));
        assertEquals(List.of(second), ids(server.client().get("/wallets/" + id + "/holds?status=voided")));
        assertEquals(List.of(first), ids(server.client().get("/wallets/" + id + "/holds?status=held&offset=1&limit=1")));
        assertError(server.client().get("/wallets/" + id + "/holds?status=open"), 400, "status");
        assertTrue(list(server.client().get("/wallets/" + id + "/holds?status=expired")).isEmpty());
    }

    static List<String> ids(Response r) {
        return list(r).stream().map(n -> n.get("id").asText()).toList();
    }
}
