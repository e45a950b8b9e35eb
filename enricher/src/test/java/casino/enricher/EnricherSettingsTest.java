package casino.enricher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.Config;
import casino.common.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnricherSettingsTest {
    @Test
    void givenNoEnvironment_thenEverySettingHasItsDocumentedDefault() {
        assertEquals(new EnricherSettings(8083, 2, 500, Duration.ofMillis(20), 131_072, "http://localhost:8082/latest",
                        Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofSeconds(10),
                        Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(120)),
                EnricherSettings.from(Config.of(Map.of())));
    }

    @Test
    void givenEveryVariable_thenEachSettingIsReadFromItsName() {
        Map<String, String> env = Map.ofEntries(Map.entry("ENRICHER_PORT", "9000"), Map.entry("ENRICHER_THREADS", "4"),
                Map.entry("ENRICHER_BATCH_SIZE", "1"), Map.entry("ENRICHER_BATCH_LINGER", "5ms"),
                Map.entry("ENRICHER_PRODUCER_BATCH_SIZE", "16384"), Map.entry("FX_API_URL", "http://fx/latest"),
                Map.entry("FX_CACHE_TTL", "30s"), Map.entry("FX_MAX_STALENESS", "1m"), Map.entry("FX_TIMEOUT", "1s"),
                Map.entry("ENRICHER_FX_START_WAIT", "0s"), Map.entry("ENRICHER_DATABASE_TIMEOUT", "500ms"),
                Map.entry("ENRICHER_TOPIC_TIMEOUT", "PT30S"), Map.entry("ENRICHER_START_TIMEOUT", "3m"));
        assertEquals(new EnricherSettings(9000, 4, 1, Duration.ofMillis(5), 16_384, "http://fx/latest", Duration.ofSeconds(30),
                        Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(30),
                        Duration.ofMinutes(3)),
                EnricherSettings.from(Config.of(env)));
    }

    @Test
    void givenAMalformedValue_thenTheErrorNamesTheVariable() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> EnricherSettings.from(Config.of(Map.of("ENRICHER_START_TIMEOUT", "soon"))));
        assertTrue(e.getMessage().contains("ENRICHER_START_TIMEOUT"), e.getMessage());
    }

    @Test
    void givenAPublicBindWithoutKeys_whenCreated_thenRefusedNamingApiKeysBeforeAnythingOpens() {
        ConfigException e = assertThrows(ConfigException.class, () -> EnricherService.create(
                Config.of(Map.of("BIND_ADDRESS", "0.0.0.0")), EnricherService.Options.defaults(null)));
        assertTrue(e.getMessage().contains("API_KEYS"), e.getMessage());
    }
}
