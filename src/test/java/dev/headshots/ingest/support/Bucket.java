package dev.headshots.ingest.support;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionException;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads objects back from the local stack's bucket with a client of its own, so that tests of the packaged application can
 * check the bucket too. Multipart is off: S3Proxy refuses ranged part reads.
 */
public final class Bucket {

    private static final S3AsyncClient S3 = S3AsyncClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:9090"))
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("local-access-key", "local-secret-key")))
            .build();

    private Bucket() {
    }

    /** The bucket of {@code %test}: {@code headshots.storage.bucket}. */
    public static final String NAME = "headshots";

    public static byte[] read(String key) {
        return read(NAME, key);
    }

    public static byte[] read(String bucket, String key) {
        return S3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build(),
                AsyncResponseTransformer.toBytes()).join().asByteArray();
    }

    /** Creates {@code bucket} unless it exists. */
    public static void create(String bucket) {
        try {
            S3.createBucket(CreateBucketRequest.builder().bucket(bucket).build()).join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof BucketAlreadyOwnedByYouException
                    || e.getCause() instanceof BucketAlreadyExistsException)) {
                throw e;
            }
        }
    }

    /** True when an object is stored under {@code key}. */
    public static boolean exists(String key) {
        try {
            S3.headObject(HeadObjectRequest.builder().bucket("headshots").key(key).build()).join();
            return true;
        } catch (CompletionException e) {
            if (e.getCause() instanceof NoSuchKeyException
                    || e.getCause() instanceof S3Exception s3 && s3.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** The keys of every object under {@code prefix}, page after page. */
    public static List<String> keys(String prefix) {
        return keys(NAME, prefix);
    }

    /** The keys of every object of {@code bucket} under {@code prefix}, page after page. */
    public static List<String> keys(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Response page = S3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                    .continuationToken(token).build()).join();
            page.contents().forEach(object -> keys.add(object.key()));
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        return keys;
    }

    /** Multipart uploads started and neither completed nor aborted under {@code key}. */
    public static int openUploads(String key) {
        return S3.listMultipartUploads(ListMultipartUploadsRequest.builder().bucket("headshots").prefix(key).build())
                .join().uploads().size();
    }

    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(read(key)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
