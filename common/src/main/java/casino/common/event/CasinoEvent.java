package casino.common.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * A casino event as it travels on every casino topic, raw or enriched. Amounts are minor units of
 * {@code currency} (300 = 3.00 EUR, 1 = 0.00000001 BTC); absent fields are omitted from JSON, so
 * the per-type rules ({@link #validate()}) decide which keys appear.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "player_id", "game_id", "type", "amount", "currency", "has_won", "created_at",
        "amount_eur", "player", "description"})
public record CasinoEvent(
        @JsonProperty("id") Long id,
        @JsonProperty("player_id") Long playerId,
        @JsonProperty("game_id") Long gameId,
        @JsonProperty("type") EventType type,
        @JsonProperty("amount") Long amount,
        @JsonProperty("currency") String currency,
        @JsonProperty("has_won") Boolean hasWon,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("amount_eur") Long amountEur,
        @JsonProperty("player") Player player,
        @JsonProperty("description") String description) {

    /** A raw event as the generator publishes it, before enrichment. */
    public static CasinoEvent raw(long id, long playerId, Long gameId, EventType type, Long amount,
                                  String currency, Boolean hasWon, Instant createdAt) {
        return new CasinoEvent(id, playerId, gameId, type, amount, currency, hasWon, createdAt, null, null, null);
    }

    public CasinoEvent withAmountEur(Long eur) {
        return new CasinoEvent(id, playerId, gameId, type, amount, currency, hasWon, createdAt, eur, player, description);
    }

    public CasinoEvent withPlayer(Player p) {
        return new CasinoEvent(id, playerId, gameId, type, amount, currency, hasWon, createdAt, amountEur, p, description);
    }

    public CasinoEvent withDescription(String d) {
        return new CasinoEvent(id, playerId, gameId, type, amount, currency, hasWon, createdAt, amountEur, player, d);
    }

    /**
     * A digest of what the event says (id, player, game, type, amount, currency, win, time to the
     * millisecond), the same for its raw and its enriched form: producers restart their ids, so an id
     * alone does not name an event, while an exact repeat (a producer's retry) has the same digest.
     * 16 bytes of SHA-256, in hex.
     */
    public String contentDigest() {
        String canonical = id + "|" + playerId + "|" + gameId + "|" + (type == null ? null : type.wireName()) + "|" + amount
                + "|" + currency + "|" + hasWon + "|" + (createdAt == null ? null : createdAt.toEpochMilli());
        try {
            byte[] sha = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(sha, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Checks the per-type field rules of the event contract.
     *
     * @throws InvalidEventException naming the first field that breaks them
     */
    public CasinoEvent validate() {
        if (id == null) throw missing("id", "missing id");
        if (id < 0) throw new InvalidEventException("id", "negative id");
        if (playerId == null) throw missing("player_id", "missing player_id");
        if (type == null) throw missing("type", "missing type");
        if (createdAt == null) throw missing("created_at", "missing created_at");
        if (type.hasGame() && gameId == null) throw missing("game_id", "missing game_id on " + type.wireName());
        if (!type.hasGame() && gameId != null) throw new InvalidEventException("game_id", "game_id on deposit");
        if (type.hasAmount()) {
            if (amount == null) throw missing("amount", "missing amount on " + type.wireName());
            if (amount < 0) throw new InvalidEventException(InvalidEventException.Code.NEGATIVE_AMOUNT, "amount", "negative amount");
            if (currency == null) throw missing("currency", "missing currency on " + type.wireName());
        } else if (amount != null || currency != null) {
            throw new InvalidEventException("amount", "amount on " + type.wireName());
        }
        if (type == EventType.BET && hasWon == null) throw missing("has_won", "missing has_won on bet");
        if (type != EventType.BET && hasWon != null) throw new InvalidEventException("has_won", "has_won on " + type.wireName());
        return this;
    }

    private static InvalidEventException missing(String field, String message) {
        return new InvalidEventException(InvalidEventException.Code.MISSING_FIELD, field, message);
    }
}
