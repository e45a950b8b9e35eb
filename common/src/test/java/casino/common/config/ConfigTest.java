package casino.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
    private final Config config = Config.of(Map.of("PORT", "8080", "BAD_PORT", "eighty", "TTL", "60s",
            "SHORT", "500ms", "ISO", "PT5M", "BLANK", "  ", "FLAG", "yes", "BAD_TTL", "soon"));

    @Test
    void givenValues_thenTypedWithDefaultsForMissingOrBlank() {
        assertEquals(8080, config.integer("PORT", 1));
        assertEquals(1, config.integer("MISSING", 1));
        assertEquals("d", config.string("BLANK", "d"));
        assertEquals(Duration.ofSeconds(60), config.duration("TTL", Duration.ZERO));
        assertEquals(Duration.ofMillis(500), config.duration("SHORT", Duration.ZERO));
        assertEquals(Duration.ofMinutes(5), config.duration("ISO", Duration.ZERO));
        assertEquals(true, config.bool("FLAG", false));
    }

    @Test
    void givenMalformedValue_thenTheErrorNamesTheVariable() {
        assertEquals("BAD_PORT must be a whole number, got 'eighty'",
                assertThrows(ConfigException.class, () -> config.integer("BAD_PORT", 1)).getMessage());
        assertEquals("BAD_TTL must be a duration like 500ms, 60s, 5m or PT5M, got 'soon'",
                assertThrows(ConfigException.class, () -> config.duration("BAD_TTL", Duration.ZERO)).getMessage());
    }

    @Test
    void givenOverrides_thenTheyWin() {
        assertEquals(9090, config.with(Map.of("PORT", "9090")).integer("PORT", 1));
    }
}
