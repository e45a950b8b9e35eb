package casino.wallet.api;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.WalletEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The wallet's domain meters, recorded where an HTTP command is answered: {@code
 * wallet_commands_total{kind,result}} (kind: the command's body, e.g. {@code deposit}; result:
 * {@code applied}, the ledger's refusal code in lower case, {@code timeout} or {@code error}) and
 * {@code wallet_request_wait_seconds} (send to committed outcome); the outcome tracker's {@code
 * wallet_outcome_tracker_skipped_total} (unreadable records skipped) and {@code
 * wallet_outcome_tracker_restarts_total} (its loop restarted after a failure); {@code
 * wallet_replay_lookup_failures_total} (a replay lookup at the edge threw). Gap: casino-feed commands, which
 * no HTTP request waits for, are not counted here.
 */
public final class WalletMeters {
    /** No meters (tests and tools that build routes without a registry). */
    public static final WalletMeters NONE = new WalletMeters(new CompositeMeterRegistry());
    private final MeterRegistry registry;
    private final Timer wait;

    public WalletMeters(MeterRegistry registry) {
        this.registry = registry;
        wait = Timer.builder("wallet.request.wait").description("time from sending a command to its committed outcome")
                .publishPercentileHistogram().register(registry);
    }

    /** One answered (or timed out) command, and how long its request waited. */
    void answered(Command command, WalletEvent outcome, long waitedNanos) {
        wait.record(waitedNanos, TimeUnit.NANOSECONDS);
        String result = outcome == null ? "timeout"
                : outcome.getOutcome() == Outcome.APPLIED ? "applied" : outcome.getCode().name().toLowerCase(Locale.ROOT);
        count(command, result);
    }

    void failed(Command command, long waitedNanos) {
        wait.record(waitedNanos, TimeUnit.NANOSECONDS);
        count(command, "error");
    }

    /** A wallet.events record the outcome tracker could not read and skipped. */
    void trackerSkipped() {
        Counter.builder("wallet.outcome.tracker.skipped").description("wallet.events records the outcome tracker skipped as unreadable")
                .register(registry).increment();
    }

    /** The outcome tracker's loop failed and was restarted (after a back-off). */
    void trackerRestarted() {
        Counter.builder("wallet.outcome.tracker.restarts").description("restarts of the outcome tracker's loop after a failure")
                .register(registry).increment();
    }

    /** A replay lookup at the HTTP edge threw; the ledger answered instead. */
    void replayLookupFailed() {
        Counter.builder("wallet.replay.lookup.failures").description("replay lookups at the HTTP edge that failed (the ledger answered)")
                .register(registry).increment();
    }

    private void count(Command command, String result) {
        Counter.builder("wallet.commands").description("commands sent by the HTTP API, by kind and result")
                .tag("kind", command.getBodyCase().name().toLowerCase(Locale.ROOT)).tag("result", result)
                .register(registry).increment();
    }
}
