package dev.headshots.ingest.simulator;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a Generate Headshots request body is one Runflow would accept, and extracts what a job needs from it. The
 * body must be {@code multipart/form-data} (else 415) and parse (else 400); it needs a {@code callback_url} field holding an
 * absolute http or https URL and one to {@code maxPhotos} file parts named {@code images}, each at most {@code maxPhotoBytes}
 * long and a JPEG, PNG or WebP by its magic bytes (else 422). Every refusal is a {@link Rejection} whose message names the
 * problem.
 */
final class SubmissionValidator {

    /** An accepted request: where to send the callback and the photos, in the order they came. */
    record Submission(URI callbackUrl, List<byte[]> photos) {
    }

    private final int maxPhotos;
    private final long maxPhotoBytes;

    SubmissionValidator(int maxPhotos, long maxPhotoBytes) {
        this.maxPhotos = maxPhotos;
        this.maxPhotoBytes = maxPhotoBytes;
    }

    /** The largest body worth reading: every photo at its maximum plus room for the fields and part headers. */
    long maxBodyBytes() {
        return (maxPhotos + 1) * maxPhotoBytes + 64 * 1024;
    }

    Submission validate(String contentType, byte[] body) {
        if (contentType == null || !contentType.trim().toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new Rejection(415,
                    "the body must be multipart/form-data, got " + Optional.ofNullable(contentType).orElse("none"));
        }
        String boundary = MultipartReader.boundary(contentType)
                .orElseThrow(() -> new Rejection(400, "the multipart/form-data Content-Type has no boundary"));
        List<MultipartReader.Part> parts;
        try {
            parts = MultipartReader.parse(boundary, body);
        } catch (MultipartReader.Malformed e) {
            throw new Rejection(400, "malformed multipart body: " + e.getMessage());
        }
        URI callbackUrl = callbackUrl(parts);
        List<byte[]> photos = parts.stream().filter(p -> p.name().equals("images")).map(MultipartReader.Part::body).toList();
        if (photos.isEmpty()) {
            throw new Rejection(422, "at least one file part named images is required");
        }
        if (photos.size() > maxPhotos) {
            throw new Rejection(422, "at most " + maxPhotos + " images are allowed, got " + photos.size());
        }
        for (int i = 0; i < photos.size(); i++) {
            checkPhoto(i + 1, photos.get(i));
        }
        return new Submission(callbackUrl, photos);
    }

    private static URI callbackUrl(List<MultipartReader.Part> parts) {
        String text = parts.stream().filter(p -> p.name().equals("callback_url")).findFirst().map(MultipartReader.Part::text)
                .map(String::trim).orElseThrow(() -> new Rejection(422, "callback_url is required"));
        try {
            URI uri = new URI(text);
            if (uri.getScheme() != null && uri.getHost() != null
                    && List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw new Rejection(422, "callback_url must be an absolute http or https URL");
    }

    private void checkPhoto(int number, byte[] photo) {
        if (photo.length > maxPhotoBytes) {
            throw new Rejection(422,
                    "image " + number + " is " + photo.length + " bytes; at most " + maxPhotoBytes + " are allowed");
        }
        if (!isImage(photo)) {
            throw new Rejection(422, "image " + number + " is not a JPEG, PNG or WebP image");
        }
    }

    /** A JPEG, PNG or WebP by its magic bytes. */
    static boolean isImage(byte[] photo) {
        return isJpeg(photo) || isPng(photo) || isWebp(photo);
    }

    private static boolean isJpeg(byte[] b) {
        return startsWith(b, 0, 0xFF, 0xD8, 0xFF);
    }

    private static boolean isPng(byte[] b) {
        return startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
    }

    private static boolean isWebp(byte[] b) {
        return startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P');
    }

    private static boolean startsWith(byte[] bytes, int offset, int... magic) {
        return bytes.length >= offset + magic.length
                && Arrays.equals(Arrays.copyOfRange(bytes, offset, offset + magic.length), toBytes(magic));
    }

    private static byte[] toBytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
