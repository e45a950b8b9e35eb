package casino.enricher.pipeline;

import casino.common.event.CasinoEvent;
import casino.enricher.player.PlayerHeader;

/**
 * A valid event as parsed, with the bytes it arrived as (kept for the pending store and the DLQ)
 * and its player lookup from the poll that consumed it ({@code null}: none, the enrich step looks it up).
 */
record Arrival(CasinoEvent event, byte[] raw, PlayerHeader.LookedUp lookup) {}
