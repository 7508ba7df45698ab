package dev.mirrorsync.jgit;

import java.io.File;
import java.io.IOException;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.BaseRepositoryBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.storage.file.FileBasedConfig;

/**
 * The cache repository, reading only its own {@code config} file.
 *
 * <p>JGit layers every repository's configuration over the user's {@code ~/.gitconfig} (and the XDG and system
 * files), read through the process-wide {@code SystemReader}. A host setting such as {@code http.extraHeader},
 * {@code http.proxy}, {@code http.sslVerify} or {@code transfer.*} would then change how mirror-sync talks to
 * remotes. Replacing the {@code SystemReader} would change every other JGit user in the process, so instead this
 * repository answers {@link #getConfig()} with a configuration that has no parent: everything JGit consults
 * through the repository (transports, merges, walks) sees only the cache's own settings.
 */
final class IsolatedRepository extends FileRepository {
    // Assigned lazily: FileRepository's constructor already calls getConfig() before this class's fields exist.
    private FileBasedConfig isolated;

    IsolatedRepository(BaseRepositoryBuilder<?, ?> options) throws IOException {
        super(options);
    }

    @Override
    public FileBasedConfig getConfig() {
        if (isolated == null) {
            isolated = new FileBasedConfig(null, new File(getDirectory(), Constants.CONFIG), getFS());
        }
        if (isolated.isOutdated()) {
            try {
                isolated.load();
            } catch (IOException | ConfigInvalidException e) {
                throw new IllegalStateException("cannot read the cache configuration " + isolated.getFile(), e);
            }
        }
        return isolated;
    }
}
