package dev.quell.service.http;

import dev.quell.service.config.AuthConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.core.order.Ordered;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * When {@code quell.auth.token} and/or {@code quell.auth.basic.*} are set, every route but
 * {@code /health*} needs {@code Authorization: Bearer <token>} or matching basic credentials
 * (Alertmanager's {@code http_config} sends either). Secrets are compared in constant time.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class AuthFilter implements Ordered {

    private final AuthConfig auth;
    private final Counter refused;

    public AuthFilter(AuthConfig auth, MeterRegistry meters) {
        this.auth = auth;
        this.refused = Counter.builder("quell.http.unauthorized")
                .description("Requests refused for missing or wrong credentials")
                .register(meters);
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        if (!auth.required() || isOpen(request.getPath()) || authorized(request.getHeaders().getAuthorization())) {
            return null;
        }
        refused.increment();
        boolean presented = request.getHeaders().getAuthorization().isPresent();
        return ProblemResponses.of(Refusal.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                        presented ? "the credentials in the Authorization header are not valid here"
                                : "this route needs an Authorization header (Bearer token or Basic credentials)"),
                        request.getPath())
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge());
    }

    static boolean isOpen(String path) {
        return path.equals("/health") || path.startsWith("/health/");
    }

    private boolean authorized(Optional<String> header) {
        if (header.isEmpty()) {
            return false;
        }
        String value = header.get().trim();
        int space = value.indexOf(' ');
        if (space < 0) {
            return false;
        }
        String scheme = value.substring(0, space);
        String credentials = value.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return auth.token().map(token -> token.matches(credentials)).orElse(false);
        }
        if (scheme.equalsIgnoreCase("Basic") && auth.basicUsername().isPresent()) {
            return basicMatches(credentials);
        }
        return false;
    }

    private boolean basicMatches(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean userMatches = auth.basicUsername().get().equals(decoded.substring(0, colon));
        boolean passwordMatches = auth.basicPassword().get().matches(decoded.substring(colon + 1));
        return userMatches & passwordMatches;
    }

    private String challenge() {
        if (auth.token().isPresent() && auth.basicUsername().isPresent()) {
            return "Bearer realm=\"quell\", Basic realm=\"quell\", charset=\"UTF-8\"";
        }
        return auth.token().isPresent() ? "Bearer realm=\"quell\"" : "Basic realm=\"quell\", charset=\"UTF-8\"";
    }
}
