package casino.reporting.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.contract.wallet.proto.Money;
import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.OutcomeBatch;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.TransactionCreated;
import casino.contract.wallet.proto.WalletCreated;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletInfo;
import casino.reporting.WalletEvents;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventMapperTest {
    private final WalletEvents events = new WalletEvents();

    private static Change only(List<WalletEvents.Event> events, String type) throws BadEventException {
        return EventMapper.map(events.stream().filter(e -> e.type().equals(type)).findFirst().orElseThrow().value()).orElseThrow();
    }

    @Test
    void anEntryBecomesARowWithExactDecimalsAtTheCurrencyScale() throws Exception {
        events.create("w", "BTC", Map.of(), 1_000);
        List<WalletEvents.Event> entry = events.entry("w", "transfer_out", -150_000_000L, Map.of("b", "2", "a", "1"), 5_000);
        Change.NewEntry row = (Change.NewEntry) only(entry, "TransactionCreated");
        assertEquals(new BigDecimal("-1.50000000"), row.amount());
        assertEquals(new BigDecimal("0E-8"), row.oldBalance());
        assertEquals("transfer_out", row.kind());
        assertEquals("{\"a\":\"1\",\"b\":\"2\"}", row.labelsJson());
        assertEquals(Instant.ofEpochMilli(5_000), row.created());
        assertEquals(null, row.voidsId());
    }

    @Test
    void aYenEntryHasNoDecimals() throws Exception {
        events.create("y", "JPY", Map.of(), 1_000);
        Change.NewEntry row = (Change.NewEntry) only(events.entry("y", "transfer_in", 1_500, Map.of(), 2_000), "TransactionCreated");
        assertEquals(new BigDecimal("1500"), row.amount());
        assertEquals("JPY", row.currency());
    }

    @Test
    void aKindNewerThanThisBuildIsKeptByItsNumber() throws Exception {
        Transaction t = Transaction.newBuilder().setKindValue(99).build();
        assertEquals("kind_99", EventMapper.kind(t));
    }

    @Test
    void aBatchOfOutcomesReadAsOneEventMapsToNothing() throws Exception {
        WalletEvent outcome = events.create("v", "EUR", Map.of(), 1_000).get(0).value();
        byte[] batch = OutcomeBatch.newBuilder().addOutcomes(outcome.toByteString())
                .addRequestIds("r").addFingerprints("f").addWalletIds("v").build().toByteArray();
        assertTrue(EventMapper.map(batch).isEmpty(), "an \"Outcomes\" record, as a reader of WalletEvent values sees it");
    }

    @Test
    void outcomesMapToNothingAndEachExternalEventToItsChange() throws Exception {
        List<WalletEvents.Event> created = events.create("w", "EUR", Map.of("tier", "gold"), 1_000);
        assertTrue(EventMapper.map(created.get(0).value()).isEmpty(), "the outcome");
        Change.NewWallet wallet = (Change.NewWallet) only(created, "WalletCreated");
        assertEquals(new Change.NewWallet("w", "ext-w", "EUR", "{\"tier\":\"gold\"}", Instant.ofEpochMilli(1_000),
                new BigDecimal("0.00")), wallet);
        List<WalletEvents.Event> deposit = events.entry("w", "deposit", 1234, Map.of(), 2_000);
        assertEquals(new Change.Balance("w", new BigDecimal("12.34"), 1), only(deposit, "BalanceChanged"));
        Transaction t = WalletEvents.entryIn(deposit);
        Change.Voided voided = (Change.Voided) only(events.voidOf(t, 3_000), "TransactionVoided");
        assertEquals(t.getId(), voided.entryId());
    }

    @Test
    void anUnknownCurrencyOrAMissingIdIsABadEventNamingTheField() {
        WalletEvent noCurrency = WalletEvent.newBuilder().setTransactionCreated(TransactionCreated.newBuilder().setTransaction(
                Transaction.newBuilder().setId("t").setWalletId("w").setKind(EntryKind.DEPOSIT)
                        .setAmount(Money.newBuilder().setMinor(1).setCurrency("X1")))).build();
        assertEquals("amount.currency", assertThrows(BadEventException.class, () -> EventMapper.map(noCurrency)).field());
        WalletEvent noId = WalletEvent.newBuilder().setWalletCreated(WalletCreated.newBuilder().setWallet(
                WalletInfo.newBuilder().setCurrency("EUR"))).build();
        assertEquals("wallet.id", assertThrows(BadEventException.class, () -> EventMapper.map(noId)).field());
        WalletEvent noKind = WalletEvent.newBuilder().setTransactionCreated(TransactionCreated.newBuilder().setTransaction(
                Transaction.newBuilder().setId("t").setWalletId("w").setAmount(Money.newBuilder().setCurrency("EUR")))).build();
        assertEquals("kind", assertThrows(BadEventException.class, () -> EventMapper.map(noKind)).field());
        assertThrows(BadEventException.class, () -> EventMapper.map(new byte[] {(byte) 0xff, 1, 2}));
        assertThrows(BadEventException.class, () -> EventMapper.map((byte[]) null));
    }

    @Test
    void givenTextPostgresRefusesOrATimeOutsideTheYears1To9999_whenMapped_thenABadEventNamingTheField() {
        Transaction.Builder ok = Transaction.newBuilder().setId("t").setWalletId("w").setKind(EntryKind.DEPOSIT)
                .setAmount(Money.newBuilder().setMinor(1).setCurrency("EUR"));
        WalletEvent nul = WalletEvent.newBuilder().setTransactionCreated(TransactionCreated.newBuilder()
                .setTransaction(ok.clone().setDescription("a\u0000b"))).build();
        assertEquals("description", assertThrows(BadEventException.class, () -> EventMapper.map(nul)).field());
        WalletEvent nulLabel = WalletEvent.newBuilder().setTransactionCreated(TransactionCreated.newBuilder()
                .setTransaction(ok.clone().putLabels("k", "\u0000"))).build();
        assertEquals("labels", assertThrows(BadEventException.class, () -> EventMapper.map(nulLabel)).field());
        WalletEvent future = WalletEvent.newBuilder().setTransactionCreated(TransactionCreated.newBuilder()
                .setTransaction(ok.clone().setCreatedAtMs(Long.MAX_VALUE))).build();
        assertEquals("created_at_ms", assertThrows(BadEventException.class, () -> EventMapper.map(future)).field());
        WalletEvent past = WalletEvent.newBuilder().setWalletCreated(WalletCreated.newBuilder().setWallet(
                WalletInfo.newBuilder().setId("w").setCurrency("EUR").setCreatedAtMs(Long.MIN_VALUE))).build();
        assertEquals("wallet.created_at_ms", assertThrows(BadEventException.class, () -> EventMapper.map(past)).field());
        assertEquals("empty value", assertThrows(BadEventException.class, () -> EventMapper.map(new byte[0])).getMessage());
    }

    @Test
    void aBatchKeepsOnlyTheNewestBalanceOfAWallet() throws Exception {
        MirrorBatch batch = new MirrorBatch();
        batch.add(new Change.Balance("w", BigDecimal.ONE, 2));
        batch.add(new Change.Balance("w", BigDecimal.TEN, 3));
        batch.add(new Change.Balance("w", BigDecimal.ZERO, 1));
        assertEquals(List.of(new Change.Balance("w", BigDecimal.TEN, 3)), List.copyOf(batch.balances.values()));
    }

    @Test
    void outcomesArePassedByTheirHeaderWithoutDecoding() {
        byte[] notProtobuf = {(byte) 0xff, (byte) 0xff, (byte) 0xff};
        MirrorBatch batch = new MirrorBatch();
        for (String type : List.of("Outcome", "Outcomes")) {
            var tagged = new org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>("t", 0, batch.records(), null, notProtobuf);
            tagged.headers().add(MirrorBatch.EVENT_TYPE, type.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            batch.add(tagged);
        }
        assertTrue(batch.rejected.isEmpty() && batch.entries.isEmpty(), "tagged records are never decoded");
        assertEquals(Map.of(0, 2L), batch.nextOffsets);
        batch.add(new org.apache.kafka.clients.consumer.ConsumerRecord<>("t", 0, 2, null, notProtobuf)); // the same bytes untagged
        assertEquals(MirrorBatch.Category.MALFORMED, batch.rejected.getFirst().category());
        assertEquals(Map.of(0, 3L), batch.nextOffsets);
    }
}
