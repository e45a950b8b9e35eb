package casino.wallet.api;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.FingerprintRecord;
import casino.contract.wallet.proto.WalletEvent;
import casino.wallet.ledger.Commands;
import casino.wallet.ledger.Decision;
import casino.wallet.ledger.Ledger;
import casino.wallet.ledger.LedgerState;
import casino.wallet.ledger.StoreKeys;
import casino.wallet.ledger.WalletId;
import casino.wallet.topics.WalletTopics;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;

/**
 * Answers a replay at the HTTP edge like a read: when this instance owns the wallet and its fingerprint
 * store holds the command's fingerprint, the answer is {@link Ledger#previously} (the first outcome again,
 * or the conflict), exactly what the ledger would decide. Only a fingerprint whose outcome the tracker has
 * read (read_committed, so its transaction is committed; header fingerprint) is looked up, so a new command
 * costs no store read, and is answered here; any other case (not the owner,
 * a rebalance, a fingerprint still in flight or older than the tracker's retention, transfers, creates)
 * goes through the ledger as before. A record found committed is kept (bounded) for the next replay: a fingerprint's
 * record is written once and never changed. A lookup that throws (not the owner, a rebalance, a bug) falls
 * back to the ledger, logged (WARN, the first 20 then every 1000th) and counted in {@code
 * wallet_replay_lookup_failures_total}. Known gap: a replay answered here is not written to wallet.events.
 */
final class Replays {
    /** Never answers at the edge (every command goes through the ledger). */
    static final Replays NONE = new Replays(null, null, null, null);
    private final Ledger ledger;
    private final WalletReader reader;
    private final OutcomeTracker tracker;
    private final CommandSender commands;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Replays.class);
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();
    /** Fingerprint records read from the store and known committed; they are never rewritten, so a copy stays true. */
    private final Cache<String, FingerprintRecord> committed = Caffeine.newBuilder().maximumSize(50_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    Replays(Ledger ledger, WalletReader reader, OutcomeTracker tracker, CommandSender commands) {
        this.ledger = ledger;
        this.reader = reader;
        this.tracker = tracker;
        this.commands = commands;
    }

    /** The committed answer to {@code command} for wallet {@code key} if its fingerprint is used, else empty: send it. */
    Optional<WalletEvent> answer(String key, Command command) {
        if (ledger == null || !answerable(command) || !key.equals(Commands.walletId(command))) return Optional.empty();
        // a fingerprint no committed outcome carried lately: a new command (or an old one), the ledger decides; no store lookup
        if (!tracker.seen(key, command.getFingerprint())) return Optional.empty();
        long start = System.nanoTime();
        String fingerprintKey = StoreKeys.fingerprint(key, command.getFingerprint());
        try {
            FingerprintRecord used = committed.getIfPresent(fingerprintKey);
            if (used == null) {
                // the stores of the partition wallet.commands puts the key on: they refuse unless this instance owns it now
                Optional<WalletReader.Local> local = reader.owned(commands.partitionOf(key));
                if (local.isEmpty()) return Optional.empty();
                used = local.get().get(WalletTopics.FINGERPRINTS, fingerprintKey).orElse(null);
                if (used == null || !tracker.committed(used.getOutcome().getRequestId())) return Optional.empty();
                committed.put(fingerprintKey, used); // committed and never rewritten: the same answer from any instance, any time
            }
            LedgerState state = LedgerState.of(new WalletId(key)).withFingerprint(used);
            Optional<Decision> decision = ledger.previously(command, state);
            if (decision.orElse(null) instanceof Decision.Conflict) { // a conflict shows the balance: read it from the owner
                Optional<WalletReader.Local> local = reader.owned(commands.partitionOf(key));
                if (local.isEmpty()) return Optional.empty();
                decision = ledger.previously(command, state.withWallet(local.get().get(WalletTopics.BALANCES, key).orElse(null)));
            }
            Optional<WalletEvent> answer = decision.map(Decision::outcome);
            answer.ifPresent(event -> tracker.answeredLocally(command, event, start));
            return answer;
        } catch (RuntimeException e) {
            // not the owner, or the store is moving (rebalance): the ledger answers; anything else is a bug to see
            long n = failures.incrementAndGet();
            tracker.meters().replayLookupFailed();
            if (n <= 20 || n % 1000 == 0) log.warn("replay lookup failed for wallet {} ({} so far); the ledger answers", key, n, e);
            return Optional.empty();
        }
    }

    /** Commands whose replay the ledger answers from the fingerprint alone (a transfer's shows its saga's state; a create's fingerprint is per request). */
    private static boolean answerable(Command command) {
        return switch (command.getBodyCase()) {
            case DEPOSIT, POST_TRANSACTION, VOID_TRANSACTION, CASINO_BET -> true;
            default -> false;
        };
    }
}
