package casino.wallet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import casino.wallet.RunningWallet;
import casino.wallet.WalletClient.Response;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The classic wallet routes (cents) as thin adapters over the same ledger. */
class ClassicApiTest {
    @RegisterExtension
    static final RunningWallet server = new RunningWallet("classic");

    static String user() {
        return "andrei-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void assertError(Response r, int status, String field) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(field, r.json().path("field").asText(null), r.toString());
    }

    static Response funds(String route, String user, String body) {
        return server.client().post("/" + route + "/" + user, body);
    }

    @Test
    void givenANewUser_whenCreated_then201WithTheBalanceInCents_andAgainIs409_andGetReadsIt() {
        String user = user();
        Response created = server.client().post("/wallet/" + user, "{\"amount\": 100}");
        assertEquals(201, created.status(), created.toString());
        assertEquals("{\"userId\":\"" + user + "\",\"balance\":100}", created.body());
        assertError(server.client().post("/wallet/" + user, "{\"amount\": 100}"), 409, "user");
        Response read = server.client().get("/wallet/" + user);
        assertEquals(200, read.status());
        assertEquals("{\"balance\":100}", read.body());
        assertEquals("1.00", server.client().get("/wallets/" + user + "/balance").body(), "the same wallet in the resource API (EUR)");
        assertEquals(1, server.client().get("/wallets/" + user + "/transactions/latest").json().get("refno").asInt(),
                "the opening balance is refno 1");
    }

    @Test
    void givenAWallet_whenAddAndRemoveFunds_thenTheBalanceFollows_andAReplayedReferenceIsIdempotent() {
        String user = user();
        assertEquals(201, server.client().post("/wallet/" + user, "{\"amount\": 100}").status());
        Response added = funds("add-funds", user, "{\"amount\": 10, \"reference\": \"wonbet-1\"}");
        assertEquals(200, added.status(), added.toString());
        assertEquals("{\"userId\":\"" + user + "\",\"balance\":110}", added.body());
        assertNull(added.header(WalletRoutes.REPLAYED));
        Response replay = funds("add-funds", user, "{\"amount\": 10, \"reference\": \"wonbet-1\"}");
        assertEquals(200, replay.status());
        assertEquals("true", replay.header(WalletRoutes.REPLAYED));
        assertEquals(added.body(), replay.body());
        assertError(funds("add-funds", user, "{\"amount\": 11, \"reference\": \"wonbet-1\"}"), 409, "reference");
        assertError(funds("remove-funds", user, "{\"amount\": 10, \"reference\": \"wonbet-1\"}"), 409, "reference");
        Response removed = funds("remove-funds", user, "{\"amount\": 60, \"reference\": \"bet-2\"}");
        assertEquals("{\"userId\":\"" + user + "\",\"balance\":50}", removed.body());
        assertEquals("{\"balance\":50}", server.client().get("/wallet/" + user).body());
    }

    @Test
    void givenACommittedAddFunds_whenItsReferenceComesAgain_thenTheOwnerAnswersFromItsStore_withoutANewCommand() {
        String user = user();
        assertEquals(201, server.client().post("/wallet/" + user, "{\"amount\": 100}").status());
        Response added = funds("add-funds", user, "{\"amount\": 10, \"reference\": \"wonbet-1\"}");
        assertEquals(200, added.status(), added.toString());
        String commands = server.env().get(casino.wallet.WalletSettings.WALLET_TOPIC_PREFIX) + "wallet.commands";
        long before = casino.wallet.EventLog.endOffsets(commands);
        for (int i = 0; i < 20; i++) {
            Response replay = funds("add-funds", user, "{\"amount\": 10, \"reference\": \"wonbet-1\"}");
            assertEquals(added.body(), replay.body(), replay.toString());
            assertEquals("true", replay.header(WalletRoutes.REPLAYED));
        }
        assertError(funds("add-funds", user, "{\"amount\": 11, \"reference\": \"wonbet-1\"}"), 409, "reference");
        assertEquals(before, casino.wallet.EventLog.endOffsets(commands), "replays and the conflict sent no command to the ledger");
        assertEquals(200, funds("add-funds", user, "{\"amount\": 1, \"reference\": \"wonbet-2\"}").status());
        assertEquals(before + 1, casino.wallet.EventLog.endOffsets(commands), "a new reference still goes to the ledger");
    }

    @Test
    void givenRemoveFundsThatWouldOverdraw_then422_andTheBalanceIsUnchanged_andTheReferenceStaysFree() {
        String user = user();
        assertEquals(201, server.client().post("/wallet/" + user, "{\"amount\": 5}").status());
        assertError(funds("remove-funds", user, "{\"amount\": 6, \"reference\": \"r-1\"}"), 422, "amount");
        assertEquals("{\"balance\":5}", server.client().get("/wallet/" + user).body());
        assertEquals(200, funds("add-funds", user, "{\"amount\": 1, \"reference\": \"r-0\"}").status());
        assertEquals("{\"userId\":\"" + user + "\",\"balance\":0}",
                funds("remove-funds", user, "{\"amount\": 6, \"reference\": \"r-1\"}").body());
    }

    @Test
    void givenBadRequests_thenJsonErrorsNamingTheField() {
        String user = user();
        assertError(server.client().get("/wallet/" + user), 404, "user");
        assertError(server.client().post("/wallet/bad%20user", "{\"amount\": 1}"), 400, "user");
        assertError(server.client().post("/wallet/" + user, "{\"amount\": -1}"), 400, "amount");
        assertError(server.client().post("/wallet/" + user, "{\"amount\": 1.5}"), 400, "amount");
        assertError(server.client().post("/wallet/" + user, "{\"amount\": \"1\"}"), 400, "amount");
        assertError(server.client().post("/wallet/" + user, "{\"cents\": 1}"), 400, "cents");
        assertError(funds("add-funds", user, "{\"amount\": 1, \"reference\": \"x\"}"), 404, "user");
        assertEquals(201, server.client().post("/wallet/" + user, "").status(), "no body: an empty wallet");
        assertEquals("{\"balance\":0}", server.client().get("/wallet/" + user).body());
        for (String route : new String[] {"add-funds", "remove-funds"}) {
            assertError(funds(route, user, "{\"amount\": 0, \"reference\": \"x\"}"), 400, "amount");
            assertError(funds(route, user, "{\"amount\": -3, \"reference\": \"x\"}"), 400, "amount");
            assertError(funds(route, user, "{\"amount\": 2.5, \"reference\": \"x\"}"), 400, "amount");
            assertError(funds(route, user, "{\"amount\": 1}"), 400, "reference");
            assertError(funds(route, user, "{\"amount\": 1, \"reference\": \"\"}"), 400, "reference");
            assertError(funds(route, user, "{\"amount\": 1, \"reference\": \"" + "r".repeat(65) + "\"}"), 400, "reference");
            assertError(funds(route, user, "{\"amount\": 1, \"reference\": \"x\""), 400, null);
            assertError(funds(route, "bad%20user", "{\"amount\": 1, \"reference\": \"x\"}"), 400, "user");
        }
        assertEquals("{\"balance\":0}", server.client().get("/wallet/" + user).body(), "no bad request changed anything");
    }
}
