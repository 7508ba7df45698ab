package dev.mirrorsync.github.actions;

import dev.mirrorsync.core.Side;
import org.immutables.value.Value;

/** One generated workflow: the repository it belongs in, its path there and its YAML. */
@Value.Immutable
public abstract class WorkflowFile {
    WorkflowFile() {}

    /** Which repository of the pair runs it. */
    public abstract Side side();

    /** {@code OWNER/REPO} of that repository. */
    public abstract String repository();

    /** Its path inside that repository: {@code .github/workflows/NAME.yml}. */
    public abstract String path();

    /** The YAML, UTF-8, ending in a newline. */
    public abstract String content();

    /** Where {@link SyncWorkflows#writeTo} puts it, relative to the output folder: {@code private/.github/workflows/NAME.yml}. */
    public String outputPath() {
        return side().label() + "/" + path();
    }

    static final class Builder extends ImmutableWorkflowFile.Builder {}
}
