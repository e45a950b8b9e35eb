package casino.wallet.ledger;

import casino.contract.wallet.proto.CasinoBet;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.CreateWallet;
import casino.contract.wallet.proto.DepositRequest;
import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.Money;
import casino.contract.wallet.proto.PostTransaction;
import casino.contract.wallet.proto.ReleaseExternalId;
import casino.contract.wallet.proto.VoidTransaction;
import casino.contract.wallet.proto.TransferOut;
import casino.common.money.FxRate;
import casino.wallet.LedgerTopology;
import casino.wallet.topics.WalletTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The one fixture of the ledger's tests: the rules (EUR, more than 10,000.00 within 120 s is above
 * the threshold, a won bet pays twice its stake), a start time, a builder per command kind (request
 * ids {@code req-1, req-2, ...}; a null fingerprint is the request id), and the topology on
 * TopologyTestDriver.
 */
final class LedgerFixture {
    static final Instant T0 = Instant.parse("2026-01-10T12:00:00Z");
    static final LedgerRules RULES = new LedgerRules("EUR",
            new ThresholdRule(Duration.ofSeconds(120), 1_000_000, Duration.ofMinutes(10)), 2);
    static final WalletTopics TOPICS = WalletTopics.DEFAULT;
    private int seq;

    static Money eur(long minor) {
        return Money.newBuilder().setMinor(minor).setCurrency("EUR").build();
    }

    static long at(long seconds) {
        return T0.plusSeconds(seconds).toEpochMilli();
    }

    Command.Builder command(String fingerprint) {
        String id = "req-" + (++seq);
        return Command.newBuilder().setRequestId(id).setFingerprint(fingerprint == null ? id : fingerprint);
    }

    Command deposit(String wallet, long minor, String fingerprint, long atSeconds) {
        return command(fingerprint).setDeposit(DepositRequest.newBuilder().setWalletId(wallet).setAmount(eur(minor))
                .setCreatedAtMs(at(atSeconds))).build();
    }

    Command bet(String wallet, long stake, boolean won, String fingerprint) {
        return command(fingerprint).setCasinoBet(CasinoBet.newBuilder().setWalletId(wallet).setStake(eur(stake)).setWon(won)
                .setCreatedAtMs(T0.toEpochMilli())).build();
    }

    Command create(String wallet, String externalId, long atSeconds) {
        return command(null).setCreateWallet(CreateWallet.newBuilder().setWalletId(wallet).setIdGiven(true).setExternalId(externalId)
                .setCurrency("EUR").setCreatedAtMs(at(atSeconds))).build();
    }

    Command post(String wallet, String amount, String fingerprint, long atSeconds) {
        return command(fingerprint).setPostTransaction(PostTransaction.newBuilder().setWalletId(wallet).setAmount(amount)
                .setDescription("d").setKind(EntryKind.TRANSACTION).setCreatedAtMs(at(atSeconds))).build();
    }

    Command create(String wallet, String currency) {
        return command(null).setCreateWallet(CreateWallet.newBuilder().setWalletId(wallet).setIdGiven(true)
                .setCurrency(currency).setCreatedAtMs(at(0))).build();
    }

    /** A transaction of {@code amount} in {@code currency} (converted when it is not the wallet's). */
    Command post(String wallet, String amount, String currency, String fingerprint) {
        return command(fingerprint).setPostTransaction(PostTransaction.newBuilder().setWalletId(wallet).setAmount(amount)
                .setCurrency(currency).setDescription("d").setKind(EntryKind.TRANSACTION).setCreatedAtMs(at(1))).build();
    }

    /** POST /transfers as the API sends it: the id is the source wallet and a name-based UUID of its fingerprint. */
    Command transfer(String from, String to, String amount, String currency, String fingerprint) {
        return command(fingerprint).setTransferOut(TransferOut.newBuilder().setTransferId(transferId(from, fingerprint))
                .setFromWalletId(from).setToWalletId(to).setAmount(amount).setCurrency(currency).setDescription("t")
                .setCreatedAtMs(at(2))).build();
    }

    static String transferId(String from, String fingerprint) {
        return from + ":" + java.util.UUID.nameUUIDFromBytes((from + "/" + fingerprint).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A rate record of fx.rates: {@code perEur} units of {@code currency} per 1 EUR. */
    static FxRate rate(String currency, String perEur) {
        return new FxRate(currency, new java.math.BigDecimal(perEur), T0, "test");
    }

    Command voidOf(String wallet, String txid) {
        return command(Fingerprint.ofVoid(txid).value()).setVoidTransaction(VoidTransaction.newBuilder()
                .setWalletId(wallet).setTransactionId(txid).setCreatedAtMs(at(1000))).build();
    }

    Command release(String wallet, String externalId) {
        return command(null).setReleaseExternalId(ReleaseExternalId.newBuilder().setWalletId(wallet).setExternalId(externalId))
                .build();
    }

    /** The whole wallet topology with the fixture's rules, exactly-once, state in {@code stateDir}, meters to {@code meters}. */
    static TopologyTestDriver driver(Path stateDir, String applicationId, Instant wallClock, io.micrometer.core.instrument.MeterRegistry meters) {
        return new TopologyTestDriver(LedgerTopology.build(TOPICS, RULES, casino.wallet.RefusedRates.NONE, meters),
                properties(stateDir, applicationId), wallClock);
    }

    Command tick(String wallet, String fingerprint, long atSeconds, long thenAfterMs) {
        return command(fingerprint).setTick(casino.contract.wallet.proto.Tick.newBuilder().setWalletId(wallet)
                .setCreatedAtMs(at(atSeconds)).setThenAfterMs(thenAfterMs)).build();
    }

    /** A hold of {@code amount} (the wallet's currency) placed at {@code atSeconds}, expiring {@code expiresInS} later. */
    Command hold(String wallet, String amount, String fingerprint, long atSeconds, long expiresInS) {
        return command(fingerprint).setPlaceHold(casino.contract.wallet.proto.PlaceHold.newBuilder().setWalletId(wallet)
                .setAmount(amount).setCreatedAtMs(at(atSeconds)).setExpiresInS(expiresInS)).build();
    }

    /** A capture of {@code amount} ("" for what remains), final unless {@code keepOpen}. */
    Command capture(String wallet, String holdId, String amount, boolean keepOpen, String fingerprint, long atSeconds) {
        return command(fingerprint).setCaptureHold(casino.contract.wallet.proto.CaptureHold.newBuilder().setWalletId(wallet)
                .setHoldId(holdId).setAmount(amount).setKeepOpen(keepOpen).setCreatedAtMs(at(atSeconds))).build();
    }

    Command voidHold(String wallet, String holdId, String fingerprint, long atSeconds) {
        return command(fingerprint).setVoidHold(casino.contract.wallet.proto.VoidHold.newBuilder().setWalletId(wallet)
                .setHoldId(holdId).setCreatedAtMs(at(atSeconds))).build();
    }

    /** The whole wallet topology with the fixture's rules, exactly-once, state in {@code stateDir}. */
    static TopologyTestDriver driver(Path stateDir, String applicationId) {
        return new TopologyTestDriver(LedgerTopology.build(TOPICS, RULES), properties(stateDir, applicationId));
    }

    private static Properties properties(Path stateDir, String applicationId) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return p;
    }
}
