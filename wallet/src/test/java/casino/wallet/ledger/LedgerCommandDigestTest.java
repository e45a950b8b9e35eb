package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import casino.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The digests' canonical text is written without Jackson now, byte for byte as Jackson wrote it: stored digests stay valid. */
class LedgerCommandDigestTest {
    @Test
    void givenTrickyTexts_whenWrittenCanonically_thenTheTextIsJacksons() throws Exception {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x21; c++) controls.append(c);
        List<String> texts = List.of("", "plain", "quote \" and \\ backslash", controls.toString(), "ünïcødé € \u2028 \u2029 / 😀",
                "\u007f\u0080\u00ff");
        for (String text : texts) {
            TreeMap<String, String> labels = new TreeMap<>(Map.of(text, text, "b", "x"));
            List<Object> parts = new ArrayList<>(List.of(text, "12.5", text, labels, 42L, -7L, Long.MIN_VALUE));
            assertEquals(Json.MAPPER.writeValueAsString(parts), CommandDigest.json(parts), "for " + text);
        }
    }
}
