// Normalise one scraped page with the article normaliser service: Java 11+, java.net.http, no
// dependencies, runnable as a single file:
//
//   NORMALISER_URL=http://localhost:8000 java Client.java page.txt
//
// Posts the page file's bytes unchanged as text/plain (the service reads UTF-8, or the encoding a
// byte-order mark names), or as text/html when the file is named *.html or *.htm (the service finds
// the main content and reads the charset the document declares), and prints the title, the
// publication date and the number of history entries. NORMALISER_API_KEY, when set, is sent as
// "Authorization: Bearer <key>"; REFERENCE_TIME as the scrape time. Any failure (a file that cannot
// be read, a refused page, a service that cannot be reached) is one line on stderr and exit status
// 1; usage exits 2. The JDK has no JSON parser, so a small one below reads the answer.

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class Client {

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java Client.java PAGE_FILE   (service at $NORMALISER_URL)");
            System.exit(2);
        }
        String base = System.getenv().getOrDefault("NORMALISER_URL", "http://localhost:8000");
        byte[] page;
        try {
            page = Files.readAllBytes(Path.of(args[0])); // the bytes, unchanged
        } catch (NoSuchFileException e) {
            fail("cannot read " + args[0] + ": no such file");
            return;
        } catch (IOException | RuntimeException e) {
            fail("cannot read " + args[0] + ": " + e.getMessage());
            return;
        }
        HttpResponse<String> response;
        try {
            response = post(base, page, contentType(args[0]));
        } catch (ConnectException e) {
            fail("cannot reach " + base + ": connection refused");
            return;
        } catch (IOException | IllegalArgumentException e) {
            fail("cannot reach " + base + ": " + e);
            return;
        } catch (InterruptedException e) {
            fail("interrupted");
            return;
        }
        Map<?, ?> body;
        try {
            body = (Map<?, ?>) new Json(response.body()).value();
        } catch (RuntimeException e) {
            fail(response.statusCode() + ": " + base + " answered something that is not JSON");
            return;
        }
        if (response.statusCode() != 200) {
            fail(response.statusCode() + " " + body.get("title") + ": " + body.get("detail"));
        }
        Object title = body.get("title");
        Map<?, ?> published = (Map<?, ?>) body.get("published");
        List<?> history = (List<?>) body.get("history");
        System.out.println("title: " + (title == null ? "(none)" : title));
        System.out.println("published: " + (published == null ? "(unknown)" : published.get("value")));
        System.out.println("history: " + history.size());
    }

    /** text/html for an HTML file (by its name), else text/plain. */
    static String contentType(String path) {
        String name = path.toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".html") || name.endsWith(".htm") ? "text/html" : "text/plain";
    }

    static HttpResponse<String> post(String base, byte[] page, String mediaType)
            throws IOException, InterruptedException {
        String referenceTime = System.getenv().getOrDefault("REFERENCE_TIME", "");
        String apiKey = System.getenv().getOrDefault("NORMALISER_API_KEY", "");
        String endpoint = base.replaceAll("/+$", "") + "/v1/normalise";
        if (!referenceTime.isEmpty()) {
            endpoint += "?reference_time=" + URLEncoder.encode(referenceTime, StandardCharsets.UTF_8);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", mediaType)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(page));
        if (!apiKey.isEmpty()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static void fail(String message) {
        System.err.println("normalise failed: " + message);
        System.exit(1);
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
