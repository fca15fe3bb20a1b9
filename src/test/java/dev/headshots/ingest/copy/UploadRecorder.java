package dev.headshots.ingest.copy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * An SDK interceptor of the service's S3 client (registered by {@link EncryptionProfile}) that records, for every request that
 * creates an object, the encryption headers of the HTTP request the SDK marshalled, and then removes them, so that the check
 * does not depend on what S3Proxy makes of them (it has no KMS).
 */
public class UploadRecorder implements ExecutionInterceptor {

    static final String SSE = "x-amz-server-side-encryption";
    static final String KMS_KEY = "x-amz-server-side-encryption-aws-kms-key-id";

    /** One upload request: its operation, key, and its encryption headers (absent ones null). */
    record Upload(String operation, String key, String encryption, String kmsKeyId) {
    }

    static final List<Upload> UPLOADS = new CopyOnWriteArrayList<>();

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        String operation = request instanceof PutObjectRequest
                ? "PutObject"
                : request instanceof CreateMultipartUploadRequest ? "CreateMultipartUpload" : null;
        if (operation == null) {
            return context.httpRequest();
        }
        SdkHttpRequest http = context.httpRequest();
        Map<String, List<String>> headers = http.headers();
        String key = request instanceof PutObjectRequest put ? put.key() : ((CreateMultipartUploadRequest) request).key();
        UPLOADS.add(new Upload(operation, key, first(headers, SSE), first(headers, KMS_KEY)));
        return http.toBuilder().removeHeader(SSE).removeHeader(KMS_KEY).build();
    }

    private static String first(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(entry -> entry.getValue().get(0)).findFirst().orElse(null);
    }
}
