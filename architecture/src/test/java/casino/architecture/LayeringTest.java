package casino.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Arrays;

/**
 * The suite's layering, checked on the compiled main classes of every module: services never import
 * each other; {@code common}, the wallet's wire contract and the local infrastructure import no service;
 * the wallet's ledger knows nothing of its HTTP API or casino feed, and its core no Kafka, OpenTelemetry,
 * Jackson or Javalin; and no two packages anywhere
 * import each other, directly or around a cycle.
 */
@AnalyzeClasses(packages = "casino", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
    /** The root package of each service module. */
    static final String[] SERVICES = {"casino.generator", "casino.fx", "casino.enricher", "casino.materializer",
            "casino.wallet", "casino.reporting"};

    @ArchTest
    static void services_never_import_each_other(JavaClasses classes) {
        for (String service : SERVICES) {
            String[] others = Arrays.stream(SERVICES).filter(s -> !s.equals(service)).map(s -> s + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage(service + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("a service reaches another only through Kafka topics and HTTP")
                    .allowEmptyShould(true) // a service module not built yet
                    .check(classes);
        }
    }

    @ArchTest
    static final ArchRule shared_modules_import_no_service = noClasses()
            .that().resideInAnyPackage("casino.common..", "casino.contract..", "casino.infra..")
            .should().dependOnClassesThat().resideInAnyPackage(Arrays.stream(SERVICES).map(s -> s + "..").toArray(String[]::new))
            .because("common, the wire contracts and the local infrastructure serve every service");

    @ArchTest
    static final ArchRule the_ledger_knows_no_api_or_feed = noClasses()
            .that().resideInAPackage("casino.wallet.ledger..")
            .should().dependOnClassesThat().resideInAnyPackage("casino.wallet.api..", "casino.wallet.feed..")
            .because("the ledger's rules are the core; HTTP and the casino feed are adapters around it");

    /** The ledger's Kafka adapters (and their nested classes); every other class of casino.wallet.ledger is its core. */
    static final String LEDGER_ADAPTERS =
            "casino\\.wallet\\.ledger\\.(LedgerProcessor|BatchRecords|EventRecords|ExternalIdProcessor|LedgerTracing)(\\$.*)?";

    @ArchTest
    static final ArchRule the_ledger_core_imports_no_kafka_telemetry_json_or_http = noClasses()
            .that().resideInAPackage("casino.wallet.ledger").and().haveNameNotMatching(LEDGER_ADAPTERS)
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.opentelemetry..", "com.fasterxml.jackson..",
                    "io.javalin..", "casino.common.kafka..", "casino.common.json..")
            .because("the ledger's core (decide, evolve, state, handlers, the one persistence over tables) is pure: the Streams"
                    + " processor, tracing and the record formats are adapters around it");

    @ArchTest
    static final ArchRule no_package_cycles = slices().assignedFrom(new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return javaClass.getPackageName().startsWith("casino.")
                    ? SliceIdentifier.of(javaClass.getPackageName()) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "every package of the suite";
        }
    }).should().beFreeOfCycles();
}
