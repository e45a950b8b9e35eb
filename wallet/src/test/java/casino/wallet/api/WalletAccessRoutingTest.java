package casino.wallet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import casino.wallet.WalletFixture;
import casino.wallet.WalletService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two keyed instances: a read forwarded to the owner carries the caller's key, so either answers any wallet. */
class WalletAccessRoutingTest {
    private static final int WALLETS = 12;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<String> send(WalletService to, String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + to.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every wallet answered 200 by {@code via} (a 503 during the rebalance means: not yet). */
    private static boolean allAnswer(WalletService via) throws Exception {
        for (int i = 0; i < WALLETS; i++) {
            HttpResponse<String> r = send(via, "GET", "/details/key-" + i, null, "X-API-Key", "s3cret");
            if (r.statusCode() == 503) return false;
            assertEquals(200, r.statusCode(), "key-" + i + ": " + r.body());
        }
        return true;
    }

    @Test
    void givenTwoKeyedInstances_whenReadingEveryWalletThroughEither_thenForwardedReadsAreAuthorized(
            @TempDir Path dirA, @TempDir Path dirB) throws Exception {
        Map<String, String> env = new HashMap<>(WalletFixture.env("keyed-routing", dirA));
        env.put("API_KEYS", "ops:s3cret");
        try (WalletService a = WalletService.start(WalletFixture.config(env))) {
            for (int i = 0; i < WALLETS; i++) {
                assertEquals(200, send(a, "POST", "/deposit", "{\"WalletID\": \"key-" + i + "\", \"Amount\": 1}",
                        "Authorization", "Bearer s3cret").statusCode());
            }
            try (WalletService b = WalletService.start(WalletFixture.config(WalletFixture.sibling(env, dirB)))) {
                Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
                while (!(RoutingTest.ownsPartitions(a) && RoutingTest.ownsPartitions(b) && allAnswer(a) && allAnswer(b))) {
                    if (Instant.now().isAfter(deadline)) fail("both instances should own partitions and answer within 90 s");
                    Thread.sleep(200); // poll interval; the deadline above bounds the wait
                }
                for (int i = 0; i < WALLETS; i++) {
                    assertEquals(401, send(b, "GET", "/details/key-" + i, null).statusCode(), "no key, not forwarded either");
                }
            }
        }
    }
}
