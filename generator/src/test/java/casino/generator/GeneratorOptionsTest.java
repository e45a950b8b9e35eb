package casino.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GeneratorOptionsTest {
    private static final Config NO_ENV = Config.of(Map.of());

    @Test
    void givenNoOptions_thenTwentyEventsPerSecondForever() {
        GeneratorOptions o = GeneratorOptions.parse(new String[0], NO_ENV);
        assertEquals(20.0, o.rate());
        assertEquals(Optional.empty(), o.count());
        assertEquals(Optional.empty(), o.seed());
        assertFalse(o.max());
    }

    @Test
    void givenFlagsInBothForms_thenAllAreRead() {
        GeneratorOptions o = GeneratorOptions.parse(new String[] {"--rate", "50.5", "--count=1000", "--seed", "-7", "--max"}, NO_ENV);
        assertEquals(50.5, o.rate());
        assertEquals(Optional.of(1000L), o.count());
        assertEquals(Optional.of(-7L), o.seed());
        assertTrue(o.max());
    }

    @Test
    void givenEnvAndFlags_thenFlagsWin() {
        Config env = Config.of(Map.of("GENERATOR_RATE", "5", "GENERATOR_COUNT", "10", "GENERATOR_SEED", "3",
                "GENERATOR_MAX", "true"));
        GeneratorOptions fromEnv = GeneratorOptions.parse(new String[0], env);
        assertEquals(5.0, fromEnv.rate());
        assertEquals(Optional.of(10L), fromEnv.count());
        assertEquals(Optional.of(3L), fromEnv.seed());
        assertTrue(fromEnv.max());
        assertEquals(Optional.of(99L), GeneratorOptions.parse(new String[] {"--count", "99"}, env).count());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--rate abc      | --rate must be a positive number",
            "--rate 0        | --rate must be a positive number",
            "--rate -3       | --rate must be a positive number",
            "--count 0       | --count must be a positive whole number",
            "--count 1.5     | --count must be a whole number",
            "--seed x        | --seed must be a whole number",
            "--rate          | --rate needs a value",
            "--max=yes       | --max takes no value",
            "--speed 3       | unknown option '--speed'",
    })
    void givenBadOption_whenParsed_thenTheMessageNamesIt(String args, String expected) {
        var e = assertThrows(GeneratorOptions.UsageException.class,
                () -> GeneratorOptions.parse(args.trim().split("\\s+"), NO_ENV));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void givenBadOption_whenRun_thenExitCodeTwoAndOneErrorLineNamingIt() {
        var err = new ByteArrayOutputStream();
        int code = GeneratorMain.run(new String[] {"--count", "many"}, NO_ENV, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals("generator: error: --count must be a whole number, got 'many'", lines[0]);
        assertTrue(lines[1].startsWith("usage: generator"), lines[1]);
    }

    @Test
    void givenBadOption_whenTheRealProcessRuns_thenItExitsWithTwo() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GeneratorMain.class.getName(), "--rate", "fast")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "generator process did not exit");
        assertEquals(2, p.exitValue(), output);
        assertTrue(output.contains("--rate must be a positive number of events per second, got 'fast'"), output);
    }
}
