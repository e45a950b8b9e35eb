package casino.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.kafka.DeadLetter;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.PostTransaction;
import casino.wallet.WalletClient.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 21 item 6 on a running wallet: {@code 1E+999999999} and {@code 1e400} are refused at every
 * entrance of money: each HTTP route answers 400 at once naming the field; on fx.rates and
 * wallet.commands they are dead-lettered and never stored, GET /rates still answers 200 and the ledger
 * goes on. Before, such a rate made GET /rates answer 500 and looped the ledger thread, and
 * /update_currencies spent 10.7 s building a 1 GB record.
 */
class MoneyBoundsTest {
    @RegisterExtension
    static final RunningWallet WALLET = new RunningWallet("money-bounds");
    static final List<String> ABSURD = List.of("1E+999999999", "1e400", "1e-400");

    @Test
    void givenAbsurdNumbers_whenPostedToEveryMoneyRoute_thenEachIs400NamingTheField_promptly() {
        WalletClient c = WALLET.client();
        assertEquals(200, c.deposit("w-bounds", "10", null).status());
        for (String v : ABSURD) {
            Map<String, String> routes = Map.of(
                    "/update_currencies|Rates.USD", "{\"Rates\": {\"EUR\": 1, \"USD\": " + v + "}}",
                    "/update_currencies|Rates.GBP", "{\"Rates\": {\"EUR\": 1, \"GBP\": \"" + v + "\"}}",
                    "/deposit|Amount", "{\"WalletID\": \"w-bounds\", \"Amount\": " + v + "}",
                    "/wallets/w-bounds/transactions|amount", "{\"amount\": " + v + ", \"fingerprint\": \"f-" + v + "\"}",
                    "/add-funds/w-bounds|amount", "{\"amount\": " + v + "}",
                    "/transfers|amount", "{\"from\": \"w-bounds\", \"to\": \"w-other\", \"amount\": \"" + v + "\", \"fingerprint\": \"t\"}",
                    "/receive_amount|Amount", "{\"WalletId\": \"w-bounds\", \"Amount\": " + v + "}");
            routes.forEach((route, body) -> {
                String path = route.substring(0, route.indexOf('|'));
                String field = route.substring(route.indexOf('|') + 1);
                long start = System.nanoTime();
                Response r = c.post(path, body);
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(400, r.status(), path + " with " + v + ": " + r);
                var error = r.json().has("payload") ? r.json().path("payload") : r.json(); // the seed's routes wrap it
                assertEquals(field, error.path("field").asText(), path + " with " + v + " names the field: " + r);
                assertTrue(millis < 1_000, path + " answered in " + millis + " ms");
            });
        }
        assertEquals(200, c.get("/rates").status());
    }

    @Test
    void givenAbsurdRatesOnFxRatesAndAnAbsurdAmountOnWalletCommands_thenTheyAreDeadLettered_andNothingStops() {
        String prefix = WALLET.env().get(WalletSettings.WALLET_TOPIC_PREFIX);
        try (KafkaProducer<byte[], byte[]> producer = DeadLetters.producer()) {
            DeadLetters.send(producer, new ProducerRecord<>(prefix + "fx.rates", bytes("ZZQ"),
                    bytes("{\"currency\":\"ZZQ\",\"per_eur\":\"1E+999999999\"}")));
            DeadLetters.send(producer, new ProducerRecord<>(prefix + "fx.rates", bytes("ZZR"),
                    bytes("{\"currency\":\"ZZR\",\"per_eur\":\"1e400\"}")));
            Command post = Command.newBuilder().setRequestId("r-absurd").setFingerprint("f-absurd")
                    .setPostTransaction(PostTransaction.newBuilder().setWalletId("w-absurd").setAmount("1E+999999999")).build();
            DeadLetters.send(producer, new ProducerRecord<>(prefix + "wallet.commands", bytes("w-absurd"), post.toByteArray()));
        }
        List<ConsumerRecord<byte[], byte[]>> dead = DeadLetters.await(prefix + "wallet.dlq",
                records -> records.stream().filter(r -> "per_eur".equals(DeadLetter.header(r.headers(), DeadLetter.FIELD))).count() >= 2
                        && DeadLetters.any(records, prefix + "wallet.commands", r -> "amount".equals(DeadLetter.header(r.headers(), DeadLetter.FIELD))),
                Duration.ofSeconds(30), "both rates and the command, each naming its field");
        assertTrue(DeadLetters.any(dead, prefix + "fx.rates", r -> true), DeadLetters.describe(dead));
        Response rates = WALLET.client().get("/rates");
        assertEquals(200, rates.status(), rates.toString());
        assertFalse(rates.body().contains("ZZQ") || rates.body().contains("ZZR"), "never stored: " + rates);
        Response deposit = WALLET.client().deposit("w-bounds-after", "3", null);
        assertEquals(200, deposit.status(), "the ledger goes on: " + deposit);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
