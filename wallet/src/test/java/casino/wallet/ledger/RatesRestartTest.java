package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import casino.common.money.FxRate;
import casino.infra.TestInfra;
import casino.wallet.WalletClient;
import casino.wallet.WalletClient.Response;
import casino.wallet.WalletFixture;
import casino.wallet.WalletService;
import casino.wallet.WalletSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The global store of rates is rebuilt at start by replaying fx.rates through its processor, so an
 * unreadable record there is skipped on restore too (not copied into the store to fail a later read).
 */
class RatesRestartTest {
    @Test
    void givenABadRecordOnFxRates_whenTheWalletRestarts_thenTheRatesAreRestored_andConversionWorks(@TempDir Path dir) throws Exception {
        Map<String, String> env = WalletFixture.env("rates-restart", dir);
        String topic = env.get(WalletSettings.WALLET_TOPIC_PREFIX) + FxRate.TOPIC;
        try (WalletService w = WalletService.start(WalletFixture.config(env))) {
            WalletClient c = new WalletClient(w.port());
            assertEquals(200, c.post("/update_currencies", "{\"Rates\": {\"EUR\": 1.25, \"USD\": 1}}").status());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                    TestInfra.kafka().bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(topic, "GBP", "{not a rate".getBytes(StandardCharsets.UTF_8))).get();
            }
            assertEquals(201, c.post("/wallets", "{\"id\": \"r-eur\"}").status());
        }
        try (WalletService w = WalletService.start(WalletFixture.config(env))) {
            WalletClient c = new WalletClient(w.port());
            Response rates = c.get("/rates");
            assertEquals(200, rates.status(), rates.toString());
            assertEquals("1.25", rates.json().get("rates").get("USD").asText());
            assertEquals(false, rates.json().get("rates").has("GBP"), "the unreadable record was skipped: " + rates);
            Response r = c.post("/wallets/r-eur/transactions", "{\"amount\": \"12.50\", \"currency\": \"USD\", \"fingerprint\": \"x\"}");
            assertEquals(201, r.status(), r.toString());
            assertEquals(0, new java.math.BigDecimal("10.00").compareTo(r.json().get("amount").decimalValue()));
        }
    }
}
