package dev.headshots.ingest.copy;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Names objects deterministically, {@code <prefix><headshots_id>/<NNN>.<ext>}, so that a retried upload overwrites its own
 * earlier attempt and nothing else. {@code NNN} is the 1-based position in {@code image_urls}; the prefix is the tenant's
 * ({@code ""} for the tenant {@code default}, so its keys are those of before tenants).
 */
public final class ObjectKeys {

    private ObjectKeys() {
    }

    public static String of(UUID headshotsId, int index, String extension) {
        return of("", headshotsId, index, extension);
    }

    public static String of(String prefix, UUID headshotsId, int index, String extension) {
        if (index < 1 || index > 999) {
            throw new IllegalArgumentException("index must be within 1..999");
        }
        return "%s%s/%03d.%s".formatted(prefix, headshotsId, index, extension);
    }

    /** The file extension for a supported image media type (parameters ignored), or empty for any other type. */
    public static Optional<String> extension(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "image/jpeg", "image/jpg", "image/pjpeg" -> Optional.of("jpg");
            case "image/png" -> Optional.of("png");
            case "image/webp" -> Optional.of("webp");
            default -> Optional.empty();
        };
    }

    /** The canonical media type for an extension returned by {@link #extension(String)}. */
    public static String mediaType(String extension) {
        return switch (extension) {
            case "jpg" -> "image/jpeg";
            case "png" -> "image/png";
            case "webp" -> "image/webp";
            default -> throw new IllegalArgumentException("unsupported extension " + extension);
        };
    }
}
