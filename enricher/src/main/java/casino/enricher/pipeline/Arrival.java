package casino.enricher.pipeline;

import casino.common.event.CasinoEvent;

/** A valid event as parsed, with the bytes it arrived as (kept for the pending store and the DLQ). */
record Arrival(CasinoEvent event, byte[] raw) {}
