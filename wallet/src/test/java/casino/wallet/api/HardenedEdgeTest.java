package casino.wallet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.wallet.RunningWallet;
import casino.wallet.WalletClient.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The wallet's HTTP edge of issue 11 (items 6, 7 and 9) against one real wallet on the in-process broker. */
class HardenedEdgeTest {
    @RegisterExtension
    static final RunningWallet server = new RunningWallet("edge");

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void assertError(Response r, int status, String field) {
        assertEquals(status, r.status(), r.toString());
        assertTrue(r.json().hasNonNull("error"), r.toString());
        assertEquals(field, r.json().path("field").asText(null), r.toString());
    }

    @Test
    void givenTimesOutsideALongOfMilliseconds_whenHistory_then400NamingTheField() {
        String id = unique("range");
        assertEquals(201, server.client().post("/wallets", "{\"id\": \"" + id + "\"}").status());
        String path = "/wallets/" + id + "/transactions?";
        assertError(server.client().get(path + "from=" + enc("-999999999-01-01T00:00:00Z")), 400, "from");
        assertError(server.client().get(path + "to=" + enc("+999999999-12-31T23:59:59Z")), 400, "to");
        Response inRange = server.client().get(path + "from=" + enc("-10000-01-01T00:00:00Z") + "&to=" + enc("+10000-01-01T00:00:00Z"));
        assertEquals(200, inRange.status(), "far but representable times are fine: " + inRange);
    }

    @Test
    void givenAMalformedRequestId_whenDetailsWaitsForIt_then400AtOnce() {
        assertEquals(200, server.client().deposit("edge-wait", "5", null).status());
        Instant sent = Instant.now();
        Response r = server.client().get("/details/edge-wait?wait_for=abc");
        Duration took = Duration.between(sent, Instant.now());
        assertError(r, 400, "wait_for");
        assertNull(r.header("Location"), "the garbage is not echoed");
        assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "answered at once, not after the 5 s poll wait: " + took);
    }

    @Test
    void givenACreateWithAnExternalId_whenTheSameBodyAgain_then200WithTheSameWallet_andADifferentBodyIs409() {
        String ext = unique("crm");
        String body = "{\"externalId\": \"" + ext + "\", \"currency\": \"BTC\", \"labels\": {\"tier\": \"gold\"}}";
        Response created = server.client().post("/wallets", body);
        assertEquals(201, created.status(), created.toString());
        assertNull(created.header("Idempotent-Replayed"));

        Response retried = server.client().post("/wallets", body);
        assertEquals(200, retried.status(), retried.toString());
        assertEquals("true", retried.header("Idempotent-Replayed"));
        assertEquals(created.body(), retried.body(), "the existing wallet, as created");

        String id = created.json().get("id").asText();
        assertError(server.client().post("/wallets", "{\"id\": \"" + id + "\", \"externalId\": \"" + ext
                + "\", \"currency\": \"BTC\", \"labels\": {\"tier\": \"gold\"}}"), 409, "id"); // another body: now with an id
        String named = unique("named");
        String namedBody = "{\"id\": \"" + named + "\", \"externalId\": \"" + ext + "-n\"}";
        assertEquals(201, server.client().post("/wallets", namedBody).status());
        Response namedAgain = server.client().post("/wallets", namedBody);
        assertEquals(200, namedAgain.status(), "the same body with its id: " + namedAgain);
        assertEquals("true", namedAgain.header("Idempotent-Replayed"));
        assertEquals(named, namedAgain.json().get("id").asText());

        assertError(server.client().post("/wallets", "{\"externalId\": \"" + ext + "\", \"currency\": \"BTC\"}"), 409, "externalId");
        assertError(server.client().post("/wallets", "{\"externalId\": \"" + ext + "\", \"currency\": \"EUR\", "
                + "\"labels\": {\"tier\": \"gold\"}}"), 409, "externalId");
        assertError(server.client().post("/wallets", "{\"id\": \"" + unique("other") + "\", \"externalId\": \"" + ext
                + "\", \"currency\": \"BTC\", \"labels\": {\"tier\": \"gold\"}}"), 409, "externalId");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
