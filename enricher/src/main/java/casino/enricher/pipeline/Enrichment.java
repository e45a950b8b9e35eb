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
 * Postgres query for the whole batch, or the lookup made for the event by the poll that consumed
 * it; never cached), description. An event whose dependency is
 * unavailable comes back {@link Held}, never half-enriched; so does every event after it in the
 * batch, to keep the order. An event whose currency the FX answer does not quote, or whose EUR amount
 * does not fit a long, is {@link Rejected}.
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

    /** One event, its player looked up now (a query of its own). */
    public Outcome enrich(CasinoEvent event) {
        return enrich(List.of(event)).get(0);
    }

    /**
     * One event whose player was already looked up for it (in the query of the poll that consumed
     * it): {@code player} is the row read then, or {@link Player#UNKNOWN} when there was none.
     */
    public Outcome enrich(CasinoEvent event, Player player) {
        FxRates fx = null;
        if (needsRates(event)) {
            Optional<FxRates> usable = rates.usable();
            if (usable.isEmpty()) return new Held(fxUnavailable());
            fx = usable.get();
        }
        return switch (toEur(event, fx)) {
            case CasinoEvent converted -> finish(converted, player);
            case Rejected r -> r;
            default -> throw new IllegalStateException();
        };
    }

    /** One outcome per event, in order, one player query for all; every event from the first held one on is held. */
    public List<Outcome> enrich(List<CasinoEvent> events) {
        List<Outcome> out = new ArrayList<>(events.size());
        List<CasinoEvent> converted = new ArrayList<>(events.size());
        FxRates fx = null;
        String held = null;
        for (CasinoEvent e : events) {
            if (held != null) {
                out.add(new Held(held));
                continue;
            }
            if (needsRates(e) && fx == null) {
                Optional<FxRates> usable = rates.usable();
                if (usable.isEmpty()) {
                    held = fxUnavailable();
                    out.add(new Held(held));
                    continue;
                }
                fx = usable.get();
            }
            switch (toEur(e, fx)) {
                case CasinoEvent c -> {
                    out.add(null);
                    converted.add(c);
                }
                case Rejected r -> out.add(r);
                default -> throw new IllegalStateException();
            }
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
            out.set(i, finish(e, found.getOrDefault(e.playerId(), Player.UNKNOWN)));
        }
        return out;
    }

    private static boolean needsRates(CasinoEvent e) {
        return e.type().hasAmount() && Currencies.of(e.currency()) != Currency.EUR;
    }

    private String fxUnavailable() {
        return "FX rates unavailable (" + rates.state() + ")";
    }

    /** Step 1: the event with amount_eur (bets and deposits), or {@link Rejected} when the rates lack its currency. */
    private static Object toEur(CasinoEvent e, FxRates fx) {
        if (!e.type().hasAmount()) return e;
        Currency currency = Currencies.of(e.currency());
        if (currency == Currency.EUR) return e.withAmountEur(e.amount());
        Optional<BigDecimal> rate = fx.rate(currency.name());
        if (rate.isEmpty()) {
            return new Rejected(new Rejection(Rejection.NO_RATE, "currency", "the FX API does not quote " + currency));
        }
        try {
            return e.withAmountEur(EurConversion.toEurCents(e.amount(), currency, rate.get()));
        } catch (ArithmeticException tooLarge) {
            return new Rejected(new Rejection(Rejection.AMOUNT_OUT_OF_RANGE, "amount",
                    "amount " + e.amount() + " " + currency + " is more EUR cents than a 64-bit integer holds"));
        }
    }

    /** Steps 2 and 3: the player (an unknown one is logged and shows as {}) and the description. */
    private static Enriched finish(CasinoEvent e, Player p) {
        if (!p.known()) {
            log.warn("player {} not found for event {}", kv("player_id", e.playerId()), kv("event_id", e.id()));
            p = Player.UNKNOWN;
        }
        CasinoEvent withPlayer = e.withPlayer(p);
        return new Enriched(withPlayer.withDescription(Describer.describe(withPlayer)));
    }
}
