package casino.wallet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import casino.common.http.ApiException;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The POST /deposit body rules: each violation names its field. */
class DepositFormTest {

    @Test
    void givenAValidBody_thenTheAmountIsExactMinorUnits() throws Exception {
        assertEquals(new DepositForm("walletID001", 800_000, Optional.empty()),
                DepositForm.parse("{\"WalletID\": \"walletID001\", \"Amount\": 8000}"));
        assertEquals(1_000_000_001L, DepositForm.parse("{\"WalletID\": \"w\", \"Amount\": 10000000.01}").amountMinor());
        assertEquals(100_000_000_000_000L, DepositForm.parse("{\"WalletID\": \"w\", \"Amount\": 1e12}").amountMinor());
        assertEquals(10, DepositForm.parse("{\"WalletID\": \"w\", \"Amount\": 0.10}").amountMinor());
        assertEquals(Optional.of("job-1"), DepositForm.parse("{\"WalletID\": \"w\", \"Amount\": 1, \"Fingerprint\": \"job-1\"}").fingerprint());
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"WalletID\": \"w\", \"Amount\": 0}|Amount|Amount must be positive",
            "{\"WalletID\": \"w\", \"Amount\": -5}|Amount|Amount must be positive",
            "{\"WalletID\": \"w\", \"Amount\": 1.001}|Amount|Amount must have at most 2 decimals",
            "{\"WalletID\": \"w\", \"Amount\": 1000000000000.01}|Amount|Amount must be at most 1000000000000",
            "{\"WalletID\": \"w\", \"Amount\": \"80\"}|Amount|Amount must be a number",
            "{\"WalletID\": \"w\"}|Amount|Amount is required",
            "{\"Amount\": 1}|WalletID|WalletID is required",
            "{\"WalletID\": 7, \"Amount\": 1}|WalletID|WalletID must be a string",
            "{\"WalletID\": \"\", \"Amount\": 1}|WalletID|WalletID must be 1-64 characters of [A-Za-z0-9._-]",
            "{\"WalletID\": \"a b\", \"Amount\": 1}|WalletID|WalletID must be 1-64 characters of [A-Za-z0-9._-]",
            "{\"WalletID\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", \"Amount\": 1}|WalletID|WalletID must be 1-64 characters of [A-Za-z0-9._-]",
            "{\"WalletID\": \"w\", \"Amount\": 1, \"Currency\": \"EUR\"}|Currency|unknown field 'Currency'",
            "{\"WalletID\": \"w\", \"Amount\": 1, \"Fingerprint\": 5}|Fingerprint|Fingerprint must be 1-64 characters of [A-Za-z0-9._:-]",
            "{\"WalletID\": \"w\", \"Amount\": 1, \"Fingerprint\": \"void:x\"}|Fingerprint|Fingerprint must not start with void: (reserved for voids)",
    })
    void givenABadBody_thenBadRequestNamingTheField(String body, String field, String message) {
        ApiException e = assertThrows(ApiException.class, () -> DepositForm.parse(body));
        assertEquals(400, e.status());
        assertEquals(field, e.field());
        assertEquals(message, e.getMessage());
    }

    @Test
    void givenMalformedJsonOrADuplicateKeyOrANonObject_thenRejected() {
        assertThrows(JsonProcessingException.class, () -> DepositForm.parse("{\"WalletID\": "));
        assertThrows(JsonProcessingException.class, () -> DepositForm.parse("{\"WalletID\": \"w\", \"Amount\": 1, \"Amount\": 2}"));
        assertEquals(400, assertThrows(ApiException.class, () -> DepositForm.parse("[1]")).status());
        assertEquals(400, assertThrows(ApiException.class, () -> DepositForm.parse("")).status());
    }
}
