package dev.headshots.ingest.tracing;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.config.PublicUrls;
import dev.headshots.ingest.security.Redaction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Keeps credentials out of the spans that Quarkus's instrumentation makes, before any exporter sees them: the per-job callback
 * token (the last segment of {@code /webhooks/runflow/headshots/{token}}, a secret) is replaced in {@code url.path}, and query
 * strings ({@code url.query}, the query of {@code url.full}) are replaced by {@code <redacted>}: a presigned URL's query is a
 * credential, and a caller may put one in ours. Our own spans never carry either ({@link Tracing}). Quarkus adds every
 * {@link SpanProcessor} bean to the tracer provider; the instrumentation sets these attributes when the span starts.
 */
@ApplicationScoped
public class SecretScrubber implements SpanProcessor {

    static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    static final String TOKEN = "{token}";

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        String path = span.getAttribute(URL_PATH);
        if (path != null && path.startsWith(PublicUrls.CALLBACK_PATH)) {
            span.setAttribute(URL_PATH, PublicUrls.CALLBACK_PATH + TOKEN);
        }
        String query = span.getAttribute(URL_QUERY);
        if (query != null && !query.isEmpty()) {
            span.setAttribute(URL_QUERY, Redaction.REDACTED);
        }
        String full = span.getAttribute(URL_FULL);
        if (full != null) {
            span.setAttribute(URL_FULL, Redaction.url(withoutToken(full)));
        }
    }

    /** {@code url} with a callback token in its path replaced. */
    static String withoutToken(String url) {
        int at = url.indexOf(PublicUrls.CALLBACK_PATH);
        return at < 0 ? url : url.substring(0, at) + PublicUrls.CALLBACK_PATH + TOKEN;
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
