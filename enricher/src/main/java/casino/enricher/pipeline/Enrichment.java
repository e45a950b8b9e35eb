package casino.enricher.pipeline;

import static net.logstash.logback.argument.StructuredArguments.kv;

import casino.common.event.CasinoEvent;
import casino.common.event.Player;
import casino.common.money.Currency;
import casino.enricher.currency.Currencies;
import casino.enricher.currency.EurConversion;
import casino.enricher.currency.FxRates;
import casino.enricher.currency.RateCache;
import casino.enricher.description.Describer;
import casino.enricher.player.PlayerLookup;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three enrichment steps in order: currency (amount_eur from cached FX rates), player (one
 * Postgres query for the whole batch, never cached), description. An event whose dependency is
 * unavailable comes back {@link Held}, never half-enriched; so does every event after it in the
 * batch, to keep the order. An event whose currency the FX answer does not quote is {@link Rejected}.
 */
public final class Enrichment {
    private static final Logger log = LoggerFactory.getLogger(Enrichment.class);
    private final RateCache rates;
    private final PlayerLookup players;

    public Enrichment(RateCache rates, PlayerLookup players) {
        this.rates = rates;
        this.players = players;
    }

    public sealed interface Outcome permits Enriched, Held, Rejected {}

    public record Enriched(CasinoEvent event) implements Outcome {}

    /** Retry later: a dependency (FX rates, Postgres) is unavailable. */
    public record Held(String reason) implements Outcome {}

    public record Rejected(Rejection rejection) implements Outcome {}

    public Outcome enrich(CasinoEvent event) {
        return enrich(List.of(event)).get(0);
    }

    /** One outcome per event, in order; every event from the first held one on is held. */
    public List<Outcome> enrich(List<CasinoEvent> events) {
        List<Outcome> out = new ArrayList<>(events.size());
        List<CasinoEvent> converted = new ArrayList<>(events.size());
        Optional<FxRates> fx = null;
        String held = null;
        for (CasinoEvent e : events) {
            if (held != null) {
                out.add(new Held(held));
                continue;
            }
            if (!e.type().hasAmount()) {
                out.add(null);
                converted.add(e);
                continue;
            }
            Currency currency = Currencies.of(e.currency());
            if (currency == Currency.EUR) {
                out.add(null);
                converted.add(e.withAmountEur(e.amount()));
                continue;
            }
            if (fx == null) fx = rates.usable();
            if (fx.isEmpty()) {
                held = "FX rates unavailable (" + rates.state() + ")";
                out.add(new Held(held));
                continue;
            }
            Optional<BigDecimal> rate = fx.get().rate(currency.name());
            if (rate.isEmpty()) {
                out.add(new Rejected(new Rejection(Rejection.NO_RATE, "currency", "the FX API does not quote " + currency)));
                continue;
            }
            out.add(null);
            converted.add(e.withAmountEur(EurConversion.toEurCents(e.amount(), currency, rate.get())));
        }
        if (converted.isEmpty()) return out;

        Set<Long> ids = new LinkedHashSet<>();
        converted.forEach(e -> ids.add(e.playerId()));
        Map<Long, Player> found;
        try {
            found = players.find(ids);
        } catch (SQLException e) {
            String reason = "database unavailable: " + e.getMessage();
            out.replaceAll(o -> o == null ? new Held(reason) : o);
            return out;
        }
        int next = 0;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) != null) continue;
            CasinoEvent e = converted.get(next++);
            Player p = found.get(e.playerId());
            if (p == null) {
                log.warn("player {} not found for event {}", kv("player_id", e.playerId()), kv("event_id", e.id()));
                p = Player.UNKNOWN;
            }
            CasinoEvent withPlayer = e.withPlayer(p);
            out.set(i, new Enriched(withPlayer.withDescription(Describer.describe(withPlayer))));
        }
        return out;
    }
}
