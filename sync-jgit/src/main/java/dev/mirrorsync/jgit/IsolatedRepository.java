package dev.mirrorsync.jgit;

import java.io.File;
import java.io.IOException;
import java.util.Set;
import org.eclipse.jgit.attributes.AttributesNodeProvider;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.BaseRepositoryBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectDatabase;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.RefDatabase;
import org.eclipse.jgit.lib.Repository;
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
 *
 * <p>Only public JGit API is used: the on-disk repository is built from the caller's {@code FileRepositoryBuilder}
 * and this class forwards its object and ref databases, replacing only the configuration.
 */
final class IsolatedRepository extends Repository {
    private final Repository files;
    private final FileBasedConfig isolated;

    IsolatedRepository(BaseRepositoryBuilder<?, ?> options) throws IOException {
        super(options);
        // The same options build the on-disk repository (a FileRepositoryBuilder's), never named here by its class.
        this.files = options.build();
        this.isolated = new FileBasedConfig(null, new File(getDirectory(), Constants.CONFIG), getFS());
    }

    /**
     * The on-disk repository itself, for JGit's gc, which works only on it. Its configuration is layered over the
     * host's, which gc reads for pack settings only; nothing here that talks to a remote may use it.
     */
    Repository files() {
        return files;
    }

    @Override
    public void create(boolean bare) throws IOException {
        files.create(bare);
    }

    @Override
    public String getIdentifier() {
        return files.getIdentifier();
    }

    @Override
    public ObjectDatabase getObjectDatabase() {
        return files.getObjectDatabase();
    }

    @Override
    public RefDatabase getRefDatabase() {
        return files.getRefDatabase();
    }

    @Override
    public FileBasedConfig getConfig() {
        if (isolated.isOutdated()) {
            try {
                isolated.load();
            } catch (IOException | ConfigInvalidException e) {
                throw new IllegalStateException("cannot read the cache configuration " + isolated.getFile(), e);
            }
        }
        return isolated;
    }

    @Override
    public AttributesNodeProvider createAttributesNodeProvider() {
        return files.createAttributesNodeProvider();
    }

    @Override
    public void scanForRepoChanges() throws IOException {
        files.scanForRepoChanges();
    }

    @Override
    public void notifyIndexChanged(boolean internal) {
        files.notifyIndexChanged(internal);
    }

    @Override
    public Set<ObjectId> getAdditionalHaves() throws IOException {
        return files.getAdditionalHaves();
    }

    @Override
    public void autoGC(ProgressMonitor monitor) {
        files.autoGC(monitor);
    }

    @Override
    protected void doClose() {
        files.close();
    }
}
