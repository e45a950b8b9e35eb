package casino.wallet.ledger;

import casino.common.money.Conversion;
import casino.common.money.Currencies;
import casino.contract.wallet.proto.Money;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Amounts in a currency's minor units: a decimal text read at the currency's scale, and money converted
 * into another currency at the rates the ledger holds, rounded once, half-even ({@link Conversion}).
 * Pure functions; the {@link Ledger} turns their refusals into rejections.
 */
final class Amounts {
    /** An amount converted into a wallet's currency (empty when it leaves int64) and the rate shown for it. */
    record Converted(OptionalLong minor, String rate) {}

    /** The minor units of a decimal text, or why it is not an amount of the currency. */
    record Parsed(long minor, String problem) {}

    private final Currencies currencies;

    Amounts(Currencies currencies) {
        this.currencies = currencies;
    }

    Parsed parse(String text, String currency) {
        if (!AmountText.isPlain(text)) return new Parsed(0, "amount is not a valid " + currency + " amount");
        int scale = currencies.scaleOf(currency);
        Optional<BigDecimal> decimal = decimal(text);
        if (decimal.isPresent() && decimal.get().stripTrailingZeros().scale() > scale) {
            return new Parsed(0, "amount must have at most " + scale + " decimals (" + currency + ")");
        }
        OptionalLong minor = decimal.map(d -> Checked.exact(d.movePointRight(scale))).orElse(OptionalLong.empty());
        return minor.isEmpty() ? new Parsed(0, "amount is not a valid " + currency + " amount") : new Parsed(minor.getAsLong(), null);
    }

    /** {@code money} in {@code target}'s minor units at {@code rates}; empty when a rate is missing. */
    Optional<Converted> convert(Money money, String target, LedgerState.Rates rates) {
        if (money.getCurrency().equals(target)) return Optional.of(new Converted(OptionalLong.of(money.getMinor()), "1"));
        Optional<BigDecimal> source = rates.perEur(money.getCurrency());
        Optional<BigDecimal> to = rates.perEur(target);
        if (source.isEmpty() || to.isEmpty()) return Optional.empty();
        BigDecimal amount = BigDecimal.valueOf(money.getMinor(), currencies.scaleOf(money.getCurrency()));
        int scale = currencies.scaleOf(target);
        OptionalLong minor = Checked.exact(Conversion.convert(amount, source.get(), to.get(), scale).movePointRight(scale));
        return Optional.of(new Converted(minor, Conversion.rate(source.get(), to.get()).toPlainString()));
    }

    private static Optional<BigDecimal> decimal(String text) {
        try {
            return Optional.of(new BigDecimal(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
