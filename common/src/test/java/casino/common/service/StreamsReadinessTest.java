package casino.common.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

/** The rule of the kafka-streams readiness check: a start is not ready until RUNNING; a later rebalance is, for a bound. */
class StreamsReadinessTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    void givenAStartingClient_whenItsFirstRebalanceIsShort_thenNotReady() {
        // a load balancer must not send requests to an instance that has never processed anything
        assertFalse(ReadinessChecks.streamsStatus(State.REBALANCING, false, Duration.ofSeconds(1), BOUND).ready());
        assertFalse(ReadinessChecks.streamsStatus(State.CREATED, false, Duration.ZERO, BOUND).ready());
    }

    @Test
    void givenAClientThatHasRun_whenItRebalances_thenReadyWithinTheBoundOnly() {
        assertTrue(ReadinessChecks.streamsStatus(State.REBALANCING, true, Duration.ofSeconds(1), BOUND).ready());
        assertFalse(ReadinessChecks.streamsStatus(State.REBALANCING, true, Duration.ofSeconds(31), BOUND).ready());
    }

    @Test
    void givenRunning_thenReady_andStoppingOrFailed_thenNot() {
        assertTrue(ReadinessChecks.streamsStatus(State.RUNNING, true, Duration.ZERO, BOUND).ready());
        for (State s : new State[] {State.PENDING_SHUTDOWN, State.NOT_RUNNING, State.ERROR, State.PENDING_ERROR}) {
            assertFalse(ReadinessChecks.streamsStatus(s, true, Duration.ZERO, BOUND).ready(), s.name());
        }
    }
}
