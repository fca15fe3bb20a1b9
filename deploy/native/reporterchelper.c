/*
 * The JNI helper that the GraalVM builder loads from java.home/lib/svm/builder/lib/ (a GraalVM JDK ships it; the
 * Temurin JDK does not): com.oracle.svm.hosted.ProgressReporterCHelper asks it for the terminal's width, to lay out
 * its progress output, and for the builder process's peak resident set size, which it reports at the end.
 * Built by deploy/native/analyse with the JDK's own jni.h.
 */
#include <jni.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

JNIEXPORT jint JNICALL Java_com_oracle_svm_hosted_ProgressReporterCHelper_getTerminalWindowColumns0(JNIEnv *env, jclass clazz) {
    struct winsize window;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &window) == 0 && window.ws_col > 0) {
        return window.ws_col;
    }
    return 80;
}

JNIEXPORT jlong JNICALL Java_com_oracle_svm_hosted_ProgressReporterCHelper_getPeakRSS0(JNIEnv *env, jclass clazz) {
    struct rusage usage;
    if (getrusage(RUSAGE_SELF, &usage) == 0) {
        return (jlong) usage.ru_maxrss * 1024; /* Linux reports kilobytes */
    }
    return -1;
}
