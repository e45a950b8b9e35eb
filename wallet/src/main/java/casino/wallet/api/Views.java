package casino.wallet.api;

import casino.common.money.Currencies;
import casino.contract.wallet.WireNames;
import casino.contract.wallet.proto.Money;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.WalletInfo;
import casino.contract.wallet.proto.WalletState;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** The JSON shapes of the resource API; amounts are exact decimals with the currency's scale ({@code 35.00}). */
final class Views {
    private Views() {}

    /** {@code balance} is the posted balance (the entries'); {@code held} and {@code available} only on {@code GET /wallets/{id}}. */
    @JsonPropertyOrder({"id", "externalId", "currency", "labels", "created", "balance", "held", "available", "name", "country", "city"})
    record WalletResource(String id, String externalId, String currency, Map<String, String> labels, Instant created,
                          @JsonSerialize(using = Plain.class) BigDecimal balance,
                          @JsonInclude(JsonInclude.Include.NON_NULL) @JsonSerialize(using = Plain.class) BigDecimal held,
                          @JsonInclude(JsonInclude.Include.NON_NULL) @JsonSerialize(using = Plain.class) BigDecimal available,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String name,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String country,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String city) {
        static WalletResource of(WalletState state) {
            return of(state.getInfo(), state.getBalance());
        }

        /** The wallet with what its holds reserve and what it may spend (available = balance - held). */
        static WalletResource withFunds(WalletState state) {
            WalletResource w = of(state);
            String c = state.getBalance().getCurrency();
            return new WalletResource(w.id, w.externalId, w.currency, w.labels, w.created, w.balance, major(state.getHeldMinor(), c),
                    major(state.getBalance().getMinor() - state.getHeldMinor(), c), w.name, w.country, w.city);
        }

        static WalletResource of(WalletInfo info, Money balance) {
            return new WalletResource(info.getId(), info.getExternalId().isEmpty() ? null : info.getExternalId(),
                    info.getCurrency(), info.getLabelsMap(), Instant.ofEpochMilli(info.getCreatedAtMs()),
                    major(balance.getMinor(), balance.getCurrency()), null, null, blankless(info.getName()), blankless(info.getCountry()),
                    blankless(info.getCity()));
        }
    }

    private static String blankless(String text) {
        return text.isEmpty() ? null : text;
    }

    /** An amount with its currency: {@code {"amount": 10.00, "currency": "EUR"}}. */
    record MoneyView(@JsonSerialize(using = Plain.class) BigDecimal amount, String currency) {
        static MoneyView of(Money money) {
            return new MoneyView(major(money.getMinor(), money.getCurrency()), money.getCurrency());
        }
    }

    @JsonPropertyOrder({"id", "refno", "amount", "fingerprint", "labels", "description", "created", "oldbalance",
            "newbalance", "kind", "voids", "original", "rate", "transfer", "counterparty"})
    record TransactionView(String id, long refno, @JsonSerialize(using = Plain.class) BigDecimal amount, String fingerprint,
                           Map<String, String> labels, String description, Instant created,
                           @JsonSerialize(using = Plain.class) BigDecimal oldbalance,
                           @JsonSerialize(using = Plain.class) BigDecimal newbalance, String kind,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String voids,
                           @JsonInclude(JsonInclude.Include.NON_NULL) MoneyView original,
                           @JsonInclude(JsonInclude.Include.NON_NULL) @JsonSerialize(using = Plain.class) BigDecimal rate,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String transfer,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String counterparty) {
        static TransactionView of(Transaction t) {
            String currency = t.getAmount().getCurrency();
            return new TransactionView(t.getId(), t.getRefno(), major(t.getAmount().getMinor(), currency), t.getFingerprint(),
                    t.getLabelsMap(), t.getDescription(), Instant.ofEpochMilli(t.getCreatedAtMs()),
                    major(t.getOldBalanceMinor(), currency), major(t.getNewBalanceMinor(), currency), WireNames.of(t.getKind()),
                    t.getVoidsId().isEmpty() ? null : t.getVoidsId(), t.hasOriginal() ? MoneyView.of(t.getOriginal()) : null,
                    t.getRate().isEmpty() ? null : new BigDecimal(t.getRate()), blankless(t.getTransferId()),
                    blankless(t.getCounterpartyWalletId()));
        }
    }

    /** Writes a decimal as plain JSON number text with all its digits: 0.00000001, never 1E-8. */
    static final class Plain extends JsonSerializer<BigDecimal> {
        @Override
        public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(value.toPlainString());
        }
    }

    /** Minor units as an exact decimal with the currency's scale: 3500 EUR -> 35.00. */
    static BigDecimal major(long minor, String currency) {
        return Currencies.STANDARD.toMajor(minor, currency);
    }
}
