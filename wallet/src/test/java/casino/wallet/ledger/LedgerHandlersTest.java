package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.contract.wallet.proto.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The one table of command kinds covers every kind of the protobuf oneof, each with its own name; and the sources stay small. */
class LedgerHandlersTest {
    @Test
    void givenEveryCommandKind_thenTheTableHasItsHandler_withADistinctName() {
        Set<String> names = new HashSet<>();
        for (Command.BodyCase kind : Command.BodyCase.values()) {
            Handler handler = Handlers.of(kind);
            assertNotNull(handler, kind.name());
            assertTrue(names.add(handler.name()), "one name per kind: " + handler.name());
        }
        assertEquals(Command.BodyCase.values().length, names.size());
    }

    @Test
    void givenTheWalletSources_thenNoFileIsOver300Lines() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main"))) {
            List<String> big = files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try (Stream<String> lines = Files.lines(p)) {
                    return lines.count() > 300;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
            assertEquals(List.of(), big, "files of wallet/src/main over 300 lines");
        }
    }
}
