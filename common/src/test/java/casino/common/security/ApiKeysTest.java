package casino.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.Config;
import casino.common.config.ConfigException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** API_KEYS parsing, constant-time matching by digest, and the bind policy that fails closed. */
class ApiKeysTest {
    @Test
    void givenPlainAndSha256Keys_whenSecretsPresented_thenTheirNames() {
        ApiKeys keys = ApiKeys.parse("ops:s3cret, ci:sha256:" + ApiKeys.sha256Hex("other-secret").toUpperCase());
        assertEquals(Optional.of("ops"), keys.authenticate("s3cret"));
        assertEquals(Optional.of("ci"), keys.authenticate("other-secret"));
        assertEquals(Optional.empty(), keys.authenticate("s3cret "));
        assertEquals(Optional.empty(), keys.authenticate(ApiKeys.sha256Hex("other-secret"))); // the digest is not the secret
        assertEquals(Optional.empty(), keys.authenticate(null));
        assertEquals("ApiKeys[ops, ci]", keys.toString());
    }

    @Test
    void givenMalformedEntries_thenRefusedNamingApiKeysWithoutTheSecret() {
        for (String bad : new String[] {"nocolon-topsecret", ":topsecret", "ops:", "ops:sha256:abc", "a:x,a:topsecret"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> ApiKeys.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("API_KEYS "), e.getMessage());
            assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
        }
        assertFalse(ApiKeys.parse(" ").enabled());
    }

    @Test
    void givenNoKeys_whenPublicBindAsked_thenRefusedUnlessAnonymousAllowed() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AccessPolicy.from(Config.of(Map.of("BIND_ADDRESS", "0.0.0.0"))));
        assertTrue(e.getMessage().contains("API_KEYS") && e.getMessage().contains("ALLOW_ANONYMOUS"), e.getMessage());
        AccessPolicy anon = AccessPolicy.from(Config.of(Map.of("BIND_ADDRESS", "0.0.0.0", "ALLOW_ANONYMOUS", "true")));
        assertEquals("0.0.0.0", anon.bindAddress());
        assertTrue(anon.anonymous());
    }

    @Test
    void givenDefaults_thenLoopbackWithoutKeysAndAllInterfacesWithKeys() {
        assertEquals("127.0.0.1", AccessPolicy.from(Config.of(Map.of())).bindAddress());
        assertEquals("localhost", AccessPolicy.from(Config.of(Map.of("BIND_ADDRESS", "localhost"))).bindAddress());
        AccessPolicy keyed = AccessPolicy.from(Config.of(Map.of("API_KEYS", "ops:s3cret")));
        assertEquals("0.0.0.0", keyed.bindAddress());
        assertFalse(keyed.anonymous());
    }
}
