package casino.wallet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import casino.common.http.ApiException;
import casino.common.kafka.Topic;
import casino.infra.TestInfra;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.DepositRequest;
import casino.contract.wallet.proto.WalletEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** A request does not block on the broker, yet learns at once when the broker does not take its command (real broker). */
class CommandSenderTest {

    @Test
    void givenACommandTheBrokerTakes_thenItIsAcknowledgedAndTheOutcomeStillPending() throws Exception {
        Topic<String, String> topic = new Topic<>("sender-ok", Serdes.String(), Serdes.String(), 1);
        TestInfra.createTopics(List.of(topic));
        try (CommandSender sender = new CommandSender(TestInfra.config(), topic.name())) {
            CompletableFuture<WalletEvent> outcome = new CompletableFuture<>();
            CompletableFuture<Void> acknowledged = sender.send("w-1", deposit("fp-1"), outcome);

            assertNull(acknowledged.get(10, TimeUnit.SECONDS));
            CommandSender.confirm(acknowledged);
            assertEquals(false, outcome.isDone(), "only the ledger completes the outcome");
        }
    }

    @Test
    void givenACommandTheBrokerRefuses_thenTheWaitingRequestGetsA503() {
        Topic<String, String> topic = new Topic<>("sender-refused", Serdes.String(), Serdes.String(), 1);
        TestInfra.createTopics(List.of(topic));
        try (CommandSender sender = new CommandSender(TestInfra.config(), topic.name())) {
            CompletableFuture<WalletEvent> outcome = new CompletableFuture<>();
            // larger than the producer's max.request.size (1 MiB): refused without reaching the log
            CompletableFuture<Void> acknowledged = sender.send("w-1", deposit("x".repeat(2 << 20)), outcome);

            ApiException waiting = assertThrows(ApiException.class, () -> OutcomeTracker.await(outcome, Duration.ofSeconds(10)));
            assertEquals(503, waiting.status());
            ApiException confirming = assertThrows(ApiException.class, () -> CommandSender.confirm(acknowledged));
            assertEquals(503, confirming.status());
            assertEquals("1", confirming.headers().get("Retry-After"));
        }
    }

    private static Command deposit(String fingerprint) {
        return Command.newBuilder().setRequestId("r-" + fingerprint.length()).setFingerprint(fingerprint)
                .setDeposit(DepositRequest.newBuilder().setWalletId("w-1")).build();
    }
}
