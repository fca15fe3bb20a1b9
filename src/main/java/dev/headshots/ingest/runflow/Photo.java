package dev.headshots.ingest.runflow;

import java.nio.file.Path;

import dev.headshots.ingest.copy.ImageFormat;

/** One uploaded photo, checked: the file the upload was spooled to, its name as sent, and its format by magic bytes. */
public record Photo(String fileName, Path file, ImageFormat format) {
}
