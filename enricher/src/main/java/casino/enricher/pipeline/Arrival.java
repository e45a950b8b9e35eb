package casino.enricher.pipeline;

import casino.common.event.CasinoEvent;
import casino.enricher.player.PlayerHeader;
import io.opentelemetry.context.Context;

/**
 * A valid event as parsed, with the bytes it arrived as (kept for the pending store and the DLQ),
 * its player lookup from the poll that consumed it ({@code null}: none, the enrich step looks it up)
 * and the trace its record named ({@code traceparent}; the root context when none, or when it was
 * read back from the pending store, which keeps only the bytes).
 */
record Arrival(CasinoEvent event, byte[] raw, PlayerHeader.LookedUp lookup, Context trace) {}
