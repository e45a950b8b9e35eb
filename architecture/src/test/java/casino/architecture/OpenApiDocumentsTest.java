package casino.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import casino.common.http.HttpServer;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every service's {@code /openapi.json}, as the shared HTTP server serves it (the service's document
 * completed with the server's own routes and schemes), is valid OpenAPI 3 for swagger-parser, the
 * parser behind Swagger's tools: no structural error, every {@code $ref} resolves. Whether the
 * document matches the routes is each service's own test ({@code casino.infra.OpenApiContract}).
 */
class OpenApiDocumentsTest {
    private static final HttpClient client = HttpClient.newHttpClient();

    @ParameterizedTest
    @CsvSource({"wallet, /casino/wallet/api/openapi.json", "materializer, /casino/materializer/openapi.json",
            "fx-api, /casino/fx/openapi.json", "enricher, /casino/enricher/openapi.json",
            "generator, /casino/generator/openapi.json", "reporting, /casino/reporting/openapi.json"})
    void givenTheServedDocument_thenSwaggerParserReadsItWithoutAMessage(String service, String resource) throws Exception {
        String document;
        try (HttpServer server = HttpServer.builder(service).openApi(resource).start()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            document = r.body();
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document, null, options);
        List<String> messages = parsed.getMessages() == null ? List.of() : parsed.getMessages();
        assertEquals(List.of(), messages, service + "'s " + resource);
        assertNotNull(parsed.getOpenAPI(), service);
        assertEquals("casino-streams " + service, parsed.getOpenAPI().getInfo().getTitle());
    }
}
