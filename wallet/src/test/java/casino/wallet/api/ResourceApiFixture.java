package casino.wallet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import casino.common.json.Json;
import casino.wallet.RunningWallet;
import casino.wallet.WalletClient.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the resource API's test classes share: one real wallet per class on the in-process broker
 * (the extension starts it before each subclass's tests and closes it after them) and the helpers
 * that create wallets, post transactions and read answers.
 */
abstract class ResourceApiFixture {
    @RegisterExtension
    static final RunningWallet server = new RunningWallet("resource");

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new EUR wallet with the given id, funded with {@code credit} (0: not funded). */
    static String wallet(String prefix, String credit) {
        String id = unique(prefix);
        assertEquals(201, server.client().post("/wallets", "{\"id\": \"" + id + "\"}").status());
        if (!credit.equals("0")) assertEquals(201, tx(id, credit, "fund-" + id).status());
        return id;
    }

    static Response tx(String wallet, String amount, String fingerprint) {
        return server.client().post("/wallets/" + wallet + "/transactions",
                "{\"amount\": " + amount + ", \"fingerprint\": \"" + fingerprint + "\", \"description\": \"test\"}");
    }

    /** An exact amount: equal as a number and written with the currency's scale. */
    static void assertAmount(String expected, JsonNode actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual.decimalValue()), expected + " vs " + actual);
    }

    static void assertError(Response r, int status, String field) {
        assertEquals(status, r.status(), r.toString());
        assertNotNull(r.json().get("error"), r.toString());
        assertEquals(field, r.json().get("field").isNull() ? null : r.json().get("field").asText(), r.toString());
    }

    static String enc(Instant instant) {
        return URLEncoder.encode(Json.formatInstant(instant), StandardCharsets.UTF_8);
    }

    static List<JsonNode> list(Response r) {
        assertEquals(200, r.status(), r.toString());
        List<JsonNode> out = new ArrayList<>();
        r.json().forEach(out::add);
        return out;
    }

    static List<Long> refnos(Response r) {
        return list(r).stream().map(n -> n.get("refno").asLong()).toList();
    }
}
