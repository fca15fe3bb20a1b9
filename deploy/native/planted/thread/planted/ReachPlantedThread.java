package planted;

import org.graalvm.nativeimage.hosted.Feature;

/** Makes the planted class's thread field reachable, as code of the service reading it would. */
public final class ReachPlantedThread implements Feature {
    @Override
    public void beforeAnalysis(BeforeAnalysisAccess access) {
        try {
            access.registerAsAccessed(StartsThreadAtBuildTime.class.getDeclaredField("WORKER"));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }
}
