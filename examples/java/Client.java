// Normalise one scraped page with the article normaliser service: Java 17, java.net.http, no
// dependencies, runnable as a single file:
//
//   NORMALISER_URL=http://localhost:8000 java Client.java page.txt
//
// Prints the title, the publication date and the number of history entries. The JDK has no JSON
// parser, so a small one below reads the answer (objects, arrays, strings, numbers, literals).

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class Client {

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: java Client.java PAGE_FILE   (service at $NORMALISER_URL)");
            System.exit(2);
        }
        String base = System.getenv().getOrDefault("NORMALISER_URL", "http://localhost:8000");
        String referenceTime = System.getenv().getOrDefault("REFERENCE_TIME", "");
        String page = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);

        String endpoint = base.replaceAll("/+$", "") + "/v1/normalise";
        if (!referenceTime.isEmpty()) {
            endpoint += "?reference_time=" + URLEncoder.encode(referenceTime, StandardCharsets.UTF_8);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/plain; charset=utf-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(page, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response =
                client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        Map<?, ?> body = (Map<?, ?>) new Json(response.body()).value();
        if (response.statusCode() != 200) {
            System.err.printf("normalise failed: %d %s: %s%n",
                    response.statusCode(), body.get("title"), body.get("detail"));
            System.exit(1);
        }
        Object title = body.get("title");
        Map<?, ?> published = (Map<?, ?>) body.get("published");
        List<?> history = (List<?>) body.get("history");
        System.out.println("title: " + (title == null ? "(none)" : title));
        System.out.println("published: " + (published == null ? "(unknown)" : published.get("value")));
        System.out.println("history: " + history.size());
    }

    /** A minimal recursive-descent JSON reader: enough for the service's answers. */
    static final class Json {
        private final String text;
        private int at;

        Json(String text) {
            this.text = text;
        }

        Object value() {
            skipSpace();
            char c = text.charAt(at);
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return string();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", null);
                default: return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            at++;
            skipSpace();
            if (text.charAt(at) == '}') {
                at++;
                return map;
            }
            while (true) {
                skipSpace();
                String key = string();
                skipSpace();
                expect(':');
                map.put(key, value());
                skipSpace();
                if (text.charAt(at++) == '}') {
                    return map;
                }
            }
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            at++;
            skipSpace();
            if (text.charAt(at) == ']') {
                at++;
                return list;
            }
            while (true) {
                list.add(value());
                skipSpace();
                if (text.charAt(at++) == ']') {
                    return list;
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = text.charAt(at++);
                switch (e) {
                    case 'n': out.append('\n'); break;
                    case 't': out.append('\t'); break;
                    case 'r': out.append('\r'); break;
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    case 'u':
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                        break;
                    default: out.append(e);
                }
            }
        }

        private Object number() {
            int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            return Double.parseDouble(text.substring(start, at));
        }

        private Object literal(String word, Object result) {
            if (!text.startsWith(word, at)) {
                throw new IllegalArgumentException("bad JSON at " + at);
            }
            at += word.length();
            return result;
        }

        private void expect(char c) {
            if (text.charAt(at++) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + (at - 1));
            }
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
    }
}
